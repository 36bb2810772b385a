// libpg_query's parse trees, read with simdjson.
//
// libpg_query hands back each tree as JSON text. simdjson reads it into one flat tape per
// document, where nlohmann-json built a map node per key: on 1,000 generated migrations the
// tree was 43 % of a lint's instructions with nlohmann-json, and is a few percent with simdjson
// (bench/lint_vs_squawk.sh). A JsonNode is a view into its JsonTree and lives no longer.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace shiftway::schema {

// One value of a parsed tree, or none: a field the tree does not have is a JsonNode that is false
// and empty, so that chains like Field(Field(n, "a"), "b") need no checks (libpg_query omits
// zero, false and empty fields).
class JsonNode {
 public:
  JsonNode() = default;
  explicit JsonNode(simdjson::dom::element e) : e_(e), valid_(true) {}

  explicit operator bool() const { return valid_; }
  bool is_object() const { return Is(simdjson::dom::element_type::OBJECT); }
  bool is_array() const { return Is(simdjson::dom::element_type::ARRAY); }
  bool is_string() const { return Is(simdjson::dom::element_type::STRING); }
  bool is_boolean() const { return Is(simdjson::dom::element_type::BOOL); }
  bool is_integer() const { return Is(simdjson::dom::element_type::INT64) || Is(simdjson::dom::element_type::UINT64); }

  // Members of an object or elements of an array; 0 for anything else.
  std::size_t size() const {
    if (is_object()) return simdjson::dom::object(e_).size();
    if (is_array()) return simdjson::dom::array(e_).size();
    return 0;
  }
  bool empty() const { return size() == 0; }

  // The member `key` of an object; none when it is missing or this is not an object.
  JsonNode Find(std::string_view key) const {
    simdjson::dom::element v;
    if (!is_object() || simdjson::dom::object(e_).at_key(key).get(v) != simdjson::SUCCESS) return {};
    return JsonNode(v);
  }
  // Element i of an array; none past its end or when this is not an array.
  JsonNode operator[](std::size_t i) const {
    simdjson::dom::element v;
    if (!is_array() || simdjson::dom::array(e_).at(i).get(v) != simdjson::SUCCESS) return {};
    return JsonNode(v);
  }

  std::string String() const { return is_string() ? std::string(std::string_view(e_)) : std::string(); }
  bool Bool() const { return is_boolean() && bool(e_); }
  // 0 for a missing node (libpg_query leaves out zero fields) or one that is not an integer.
  std::int64_t Int() const {
    std::int64_t v = 0;
    return is_integer() && e_.get_int64().get(v) == simdjson::SUCCESS ? v : 0;
  }

  // The elements of an array, in order; an empty range for anything else.
  class ArrayIterator {
   public:
    ArrayIterator() = default;
    explicit ArrayIterator(simdjson::dom::array::iterator it) : it_(it) {}
    JsonNode operator*() const { return JsonNode(*it_); }
    ArrayIterator& operator++() {
      ++it_;
      return *this;
    }
    bool operator==(const ArrayIterator& o) const { return it_ == o.it_; }

   private:
    simdjson::dom::array::iterator it_;
  };
  ArrayIterator begin() const { return is_array() ? ArrayIterator(simdjson::dom::array(e_).begin()) : ArrayIterator(); }
  ArrayIterator end() const { return is_array() ? ArrayIterator(simdjson::dom::array(e_).end()) : ArrayIterator(); }

  // Calls fn(key, value) on each member of an object, in the tree's order; nothing otherwise.
  template <typename Fn>
  void ForEachMember(Fn&& fn) const {
    if (!is_object()) return;
    for (auto member : simdjson::dom::object(e_)) fn(member.key, JsonNode(member.value));
  }
  // A libpg_query node is an object of one member, its type: {"CreateStmt": {...}}.
  std::string_view FirstKey() const {
    if (!is_object() || empty()) return {};
    return (*simdjson::dom::object(e_).begin()).key;
  }
  JsonNode FirstValue() const {
    if (!is_object() || empty()) return {};
    return JsonNode((*simdjson::dom::object(e_).begin()).value);
  }

 private:
  bool Is(simdjson::dom::element_type t) const { return valid_ && e_.type() == t; }

  simdjson::dom::element e_;
  bool valid_ = false;
};

// A parsed document: the parser's tape, which every JsonNode of it points into.
class JsonTree {
 public:
  // False when `text` is not JSON.
  bool Parse(std::string_view text) {
    simdjson::dom::element root;
    if (parser_.parse(text.data(), text.size(), /*realloc_if_needed=*/true).get(root) != simdjson::SUCCESS) return false;
    root_ = JsonNode(root);
    return true;
  }
  JsonNode root() const { return root_; }

 private:
  simdjson::dom::parser parser_;
  JsonNode root_;
};

}  // namespace shiftway::schema
