// The Galera lock row: insert to take it, conditional update to take over an expired one, a
// heartbeat thread to renew its lease, delete to release it.
#include "drivers/mysql/galera_lock.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <random>
#include <sstream>

namespace shiftway::drivers::galera {
namespace {

// Host names and tokens go into SQL literals: keep only characters that need no escaping.
std::string Safe(std::string_view s, size_t max) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || c == ':') out += c;
    if (out.size() >= max) break;
  }
  return out;
}

std::string RandomToken() {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<uint64_t>(rd()) << 32) ^ rd() ^
                      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(gen()),
                static_cast<unsigned long long>(gen()));
  return buf;
}

// ER_DUP_ENTRY (1062), or ER_LOCK_DEADLOCK (1213): what a losing insert or update gets on Galera,
// locally or at certification.
bool LostRace(const Error& e) {
  auto has = [&](std::string_view code) {
    for (const auto& n : e.notes) {
      if (n == "MySQL error code " + std::string(code)) return true;
    }
    return false;
  };
  return has("1062") || has("1213") || e.db_message.find("Duplicate entry") != std::string::npos ||
         e.db_message.find("Deadlock found") != std::string::npos;
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s < 0 ? -s : s);
  return buf;
}

}  // namespace

std::string Holder::Describe() const {
  std::string out = "process " + (pid.empty() ? "?" : pid) + " on host " + (host.empty() ? "?" : host);
  if (!node.empty()) out += " (through Galera node " + node + (connection_id.empty() ? "" : ", connection " + connection_id) + ")";
  out += ", lease renewed " + Seconds(heartbeat_age_s) + " ago";
  out += expires_in_s >= 0 ? ", expires in " + Seconds(expires_in_s) : ", expired " + Seconds(expires_in_s) + " ago";
  return out;
}

GaleraLock::GaleraLock(std::string table, std::string name, int lease_ms, QueryFn query, OpenFn open_heartbeat)
    : table_(std::move(table)),
      name_(std::move(name)),
      lease_ms_(std::max(1000, lease_ms)),
      query_(std::move(query)),
      open_heartbeat_(std::move(open_heartbeat)) {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = 0;
  host_ = Safe(host, 255);
}

GaleraLock::~GaleraLock() {
  {
    std::lock_guard<std::mutex> g(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (heartbeat_.joinable()) heartbeat_.join();
}

std::string GaleraLock::CreateTableSql() const {
  return "CREATE TABLE IF NOT EXISTS " + table_ +
         " (\n"
         "    `lock_name` VARCHAR(64) NOT NULL,\n"
         "    `owner` CHAR(32) NOT NULL,\n"
         "    `host` VARCHAR(255) NOT NULL,\n"
         "    `pid` INT NOT NULL,\n"
         "    `node` VARCHAR(64) NOT NULL,\n"
         "    `connection_id` BIGINT NOT NULL,\n"
         "    `acquired_at` DATETIME(6) NOT NULL,\n"
         "    `heartbeat_at` DATETIME(6) NOT NULL,\n"
         "    `expires_at` DATETIME(6) NOT NULL,\n"
         "    PRIMARY KEY (`lock_name`)\n"
         ") ENGINE=InnoDB";
}

std::string GaleraLock::Values() const {
  // Times are the writing node's UTC clock: lease expiry compares the nodes' clocks, so they
  // must agree to well within the lease (NTP).
  return "`owner` = '" + owner_ + "', `host` = '" + host_ + "', `pid` = " + std::to_string(getpid()) +
         ", `node` = @@wsrep_node_name, `connection_id` = CONNECTION_ID(), `acquired_at` = UTC_TIMESTAMP(6), "
         "`heartbeat_at` = UTC_TIMESTAMP(6), `expires_at` = UTC_TIMESTAMP(6) + INTERVAL " +
         std::to_string(lease_ms_ * 1000) + " MICROSECOND";
}

Result<std::optional<Holder>> GaleraLock::ReadHolder() {
  auto rows = query_(
      "SELECT `owner`, `host`, `pid`, `node`, `connection_id`, "
      "TIMESTAMPDIFF(MICROSECOND, `heartbeat_at`, UTC_TIMESTAMP(6)), "
      "TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(6), `expires_at`) FROM " +
      table_ + " WHERE `lock_name` = '" + name_ + "'");
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return std::optional<Holder>();
  const auto& r = (*rows)[0];
  Holder h;
  h.owner = r[0].value_or("");
  h.host = r[1].value_or("");
  h.pid = r[2].value_or("");
  h.node = r[3].value_or("");
  h.connection_id = r[4].value_or("");
  h.heartbeat_age_s = std::stod(r[5].value_or("0")) / 1e6;
  h.expires_in_s = std::stod(r[6].value_or("0")) / 1e6;
  return std::optional<Holder>(std::move(h));
}

Result<bool> GaleraLock::TryInsert() {
  // INSERT ... SET: the same column list as the takeover's UPDATE.
  auto r = query_("INSERT INTO " + table_ + " SET `lock_name` = '" + name_ + "', " + Values());
  if (r) return true;
  if (LostRace(r.error())) return false;
  return Fail(r.error());
}

Result<bool> GaleraLock::TryTakeOver(const Holder& old) {
  // Both conditions again, on this node's state at execution; certification then orders this
  // write against every other write of the row (the old holder's heartbeat, another taker).
  auto r = query_("UPDATE " + table_ + " SET " + Values() + " WHERE `lock_name` = '" + name_ + "' AND `owner` = '" +
                  Safe(old.owner, 32) + "' AND `expires_at` < UTC_TIMESTAMP(6)");
  if (!r) {
    if (LostRace(r.error())) return false;
    return Fail(r.error());
  }
  auto count = query_("SELECT ROW_COUNT()");
  if (!count) return Fail(count.error());
  return !count->empty() && (*count)[0][0].value_or("0") == "1";
}

Result<void> GaleraLock::Acquire(int attempts, const std::function<void(const LockWait&)>& on_wait,
                                 std::vector<std::string>* notes) {
  owner_ = RandomToken();
  {
    std::lock_guard<std::mutex> g(mu_);
    stop_ = false;
    lost_.clear();
  }
  // Created once per schema. Even IF NOT EXISTS runs under total order isolation, so look first.
  const auto dot = table_.find("`.`");
  const std::string schema = table_.substr(1, dot - 1), table = table_.substr(dot + 3, table_.size() - dot - 4);
  auto exists = query_("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + Safe(schema, 64) +
                       "' AND TABLE_NAME = '" + Safe(table, 64) + "'");
  if (!exists) return Fail(exists.error());
  if (exists->empty()) {
    if (auto r = query_(CreateTableSql()); !r) return Fail(r.error());
  }
  attempts = std::max(1, attempts);
  for (int attempt = 1;; ++attempt) {
    auto inserted = TryInsert();
    if (!inserted) return Fail(inserted.error());
    bool got = *inserted;
    auto holder = got ? Result<std::optional<Holder>>(std::optional<Holder>()) : ReadHolder();
    if (!holder) return Fail(holder.error());
    if (!got && *holder && (*holder)->expires_in_s < 0) {
      auto taken = TryTakeOver(**holder);
      if (!taken) return Fail(taken.error());
      if (*taken) {
        got = true;
        if (notes) {
          notes->push_back("took over the Galera migration lock of " + (*holder)->Describe() +
                           ": its process stopped renewing the lease (crashed, or lost its node)");
        }
      }
    }
    if (got) {
      held_ = true;
      auto conn = open_heartbeat_();
      if (!conn) {
        (void)Release();
        return Fail(conn.error());
      }
      heartbeat_ = std::thread([this, c = std::move(*conn)]() { Heartbeat(c); });
      return {};
    }
    LockWait wait;
    wait.attempt = attempt;
    wait.max_attempts = attempts;
    // The row went between the insert and the read: the next attempt takes it.
    wait.holder = *holder ? (*holder)->Describe() : "another process (it just released the lock)";
    if (attempt >= attempts) {
      Error e(ErrorCode::kDatabase, "could not take the cluster-wide migration lock after " + std::to_string(attempts) +
                                        " attempts: " + wait.holder + " holds it");
      e.Note("on Galera the lock is the row '" + name_ + "' of " + table_ + ", certified across the cluster");
      e.Hint("wait for the other migration to finish; if its process is gone, the next run takes the lock over once "
             "its lease has expired ([migrate] lock_lease, " + std::to_string(lease_ms_ / 1000) + " s after its last renewal)");
      return Fail(std::move(e));
    }
    if (on_wait) on_wait(wait);
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

void GaleraLock::Heartbeat(QueryFn conn) {
  using clock = std::chrono::steady_clock;
  const auto period = std::chrono::milliseconds(std::max(200, lease_ms_ / 3));
  auto last_renewal = clock::now();
  std::string last_error;
  std::unique_lock<std::mutex> lk(mu_);
  while (!stop_) {
    cv_.wait_for(lk, period, [this] { return stop_; });
    if (stop_) break;
    lk.unlock();
    std::string lost;
    auto r = conn("UPDATE " + table_ + " SET `heartbeat_at` = UTC_TIMESTAMP(6), `expires_at` = UTC_TIMESTAMP(6) + INTERVAL " +
                  std::to_string(lease_ms_ * 1000) + " MICROSECOND WHERE `lock_name` = '" + name_ +
                  "' AND `owner` = '" + owner_ + "'");
    if (r) {
      auto count = conn("SELECT ROW_COUNT()");
      if (count && !count->empty() && (*count)[0][0].value_or("0") == "1") {
        last_renewal = clock::now();
      } else if (count) {
        lost = "another process took the Galera migration lock over: this process had not renewed its lease for " +
               std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - last_renewal).count()) +
               " ms";
      } else {
        last_error = count.error().message;
      }
    } else {
      last_error = r.error().message;
    }
    if (lost.empty() && clock::now() - last_renewal >= std::chrono::milliseconds(lease_ms_)) {
      lost = "the Galera migration lock's lease ran out: it could not be renewed for " + std::to_string(lease_ms_ / 1000) +
             " s (" + last_error + ")";
    }
    lk.lock();
    if (!lost.empty()) {
      lost_ = lost;
      return;
    }
  }
}

Result<void> GaleraLock::Fence() {
  auto r = query_("UPDATE " + table_ + " SET `heartbeat_at` = UTC_TIMESTAMP(6), `expires_at` = UTC_TIMESTAMP(6) + INTERVAL " +
                  std::to_string(lease_ms_ * 1000) + " MICROSECOND WHERE `lock_name` = '" + name_ + "' AND `owner` = '" +
                  owner_ + "'");
  if (!r) return Fail(r.error());
  auto count = query_("SELECT ROW_COUNT()");
  if (!count) return Fail(count.error());
  if (!count->empty() && (*count)[0][0].value_or("0") == "1") return {};
  {
    std::lock_guard<std::mutex> g(mu_);
    if (lost_.empty()) lost_ = "another process took over this process's Galera migration lock";
  }
  return Fail(Error(ErrorCode::kDatabase, "lost the Galera migration lock: another process took it over after this "
                                          "process had not renewed its lease for " +
                                              std::to_string(lease_ms_ / 1000) + " s")
                  .Note("the history row was not written, so this process records nothing more")
                  .Hint("run `shiftway info` to see what the other process applied; raise [migrate] lock_lease above the "
                        "longest pause of a migrating process"));
}

std::string GaleraLock::Lost() const {
  std::lock_guard<std::mutex> g(mu_);
  return lost_;
}

Result<void> GaleraLock::Release() {
  {
    std::lock_guard<std::mutex> g(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (heartbeat_.joinable()) heartbeat_.join();
  if (!held_) return {};
  held_ = false;
  auto r = query_("DELETE FROM " + table_ + " WHERE `lock_name` = '" + name_ + "' AND `owner` = '" + owner_ + "'");
  if (!r) return Fail(r.error());
  return {};
}

}  // namespace shiftway::drivers::galera
