// Reading migration files from a git commit with libgit2, without a checkout.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/base/error.h"

namespace shiftway::run {

/// A file as it is stored in a commit.
struct GitFile {
  std::string path;   ///< relative to the work tree's root, '/' separators
  std::string bytes;  ///< the blob's contents, undecoded
};

/// A repository opened on a work tree, and one commit in it.
class GitTree {
 public:
  /// Opens the repository whose work tree contains `path` (searching upward, as git does) and
  /// resolves `ref` (a tag, branch, commit or any rev-parse expression) to a commit's tree.
  /// Errors: `path` in no repository, a bare repository, an unknown ref (with the fix for a
  /// shallow clone, where the ref is usually just not fetched).
  static Result<std::unique_ptr<GitTree>> Open(const std::string& path, const std::string& ref);
  ~GitTree();
  GitTree(const GitTree&) = delete;
  GitTree& operator=(const GitTree&) = delete;

  /// The work tree's root: absolute, canonical, without a trailing '/'.
  const std::string& work_tree() const { return work_tree_; }
  /// The abbreviated commit id the ref resolved to.
  const std::string& commit() const { return commit_; }

  /// Every regular file below `dir` (relative to the root; "" for the root) in the commit, in
  /// path order. A directory the commit does not have yields no files.
  Result<std::vector<GitFile>> Files(const std::string& dir) const;

 private:
  GitTree() = default;
  struct Handles;
  std::unique_ptr<Handles> h_;
  std::string work_tree_;
  std::string commit_;
};

/// The work tree root of the git repository containing `path` (canonical, no trailing '/'), or ""
/// when `path` is in none. Used to show paths relative to the repository root.
std::string FindWorkTree(const std::string& path);

}  // namespace shiftway::run
