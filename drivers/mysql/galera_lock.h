// The cluster-wide migration lock on MariaDB Galera: a row in a lock table with a heartbeat lease
// (docs/locking.md, "MariaDB Galera").
//
// GET_LOCK and SELECT ... FOR UPDATE are node-local on Galera. A committed write is not: every
// write set is certified in the cluster's total order, and of two writes of the same primary key
// on two nodes only the first commits (the other gets ERROR 1213 at COMMIT). So:
//
// - Taking the lock is an autocommit INSERT of the lock row. Duplicate key (1062) or a failed
//   certification (1213) means someone else has it.
// - The holder renews the lease every third of it, from a connection of its own, so a long
//   statement on the main connection does not stop the renewal.
// - A row whose lease has expired (its process crashed, or lost its node) is taken over with an
//   autocommit conditional UPDATE (WHERE owner = the old owner AND expires_at < now). Two takers
//   write the same row, so certification lets only one of them commit.
// - Release deletes the row, only if it is still ours.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/base/error.h"
#include "drivers/driver.h"

namespace shiftway::drivers::galera {

using Rows = std::vector<std::vector<std::optional<std::string>>>;
/// Runs one statement on a connection and returns the first result set's rows (none for DML).
using QueryFn = std::function<Result<Rows>(const std::string& sql)>;
/// Opens a second connection to the same node, for the heartbeat.
using OpenFn = std::function<Result<QueryFn>()>;

/// The lock row as another process sees it.
struct Holder {
  std::string owner, host, pid, node, connection_id;
  double heartbeat_age_s = 0;  ///< seconds since its last renewal, on the reading node's clock
  double expires_in_s = 0;     ///< negative: expired that long ago
  std::string Describe() const;
};

class GaleraLock {
 public:
  /// `table` is the quoted `schema`.`lock table`; `name` the row's key (Flyway's lock name).
  GaleraLock(std::string table, std::string name, int lease_ms, QueryFn query, OpenFn open_heartbeat);
  ~GaleraLock();

  /// The lock table's DDL (CREATE TABLE IF NOT EXISTS).
  std::string CreateTableSql() const;

  /// Creates the lock table if missing, then takes the row, retrying `attempts` times one second
  /// apart; on_wait runs before each retry. Starts the heartbeat once taken. `notes` receives one
  /// line when an expired lock was taken over.
  Result<void> Acquire(int attempts, const std::function<void(const LockWait&)>& on_wait,
                       std::vector<std::string>* notes);
  /// Stops the heartbeat and deletes the row if it is still ours.
  Result<void> Release();
  bool held() const { return held_; }
  /// Renews the lease on the caller's connection, inside its transaction; fails when the row is
  /// no longer ours (galera_lock.cc).
  Result<void> Fence();
  /// Why the lock can no longer be trusted (the lease ran out or someone took it over), or empty.
  std::string Lost() const;
  int lease_ms() const { return lease_ms_; }

 private:
  Result<std::optional<Holder>> ReadHolder();
  Result<bool> TryInsert();
  Result<bool> TryTakeOver(const Holder& old);
  void Heartbeat(QueryFn conn);
  std::string Values() const;

  std::string table_, name_;
  int lease_ms_;
  QueryFn query_;
  OpenFn open_heartbeat_;
  std::string owner_;  ///< a random token of this process's hold
  std::string host_;
  bool held_ = false;

  std::thread heartbeat_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::string lost_;  ///< guarded by mu_
};

}  // namespace shiftway::drivers::galera
