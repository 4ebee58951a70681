#pragma once

#include <functional>
#include <string>

#include "core/result.h"
#include "domain/storage/accounts.h"
#include "domain/storage/activity.h"
#include "domain/storage/deletion.h"
#include "domain/storage/organisations.h"
#include "domain/storage/outbox.h"
#include "domain/storage/people.h"
#include "domain/storage/products.h"
#include "domain/storage/services.h"
#include "domain/storage/sessions.h"
#include "domain/storage/settings.h"

// The storage ports the domain needs, composed into one unit of work. The domain owns these
// interfaces; storage/ implements them (SQLite, PostgreSQL) with the same behaviour, which
// storage/conformance/ checks. Each method that touches an organisation's data takes its OrgId,
// so tenant scoping can't be forgotten: an id of another organisation answers kNotFound exactly
// like an unknown id.
//
// Errors: kNotFound (no such row in this org), kAlreadyExists (a unique rule, e.g. e-mail taken),
// kFailedPrecondition (a reference to a missing row), kUnavailable (database unreachable or busy
// beyond the timeout), kInternal (anything else; details are logged by the backend).
namespace clientele::storage {

// One unit of work. Everything done through one Tx commits or rolls back together.
class Tx : public OrganisationStore,
           public SettingsStore,
           public ProductStore,
           public AccountStore,
           public ServiceStore,
           public PeopleStore,
           public SessionStore,
           public OutboxStore,
           public DeletionStore,
           public ActivityStore {
 public:
  ~Tx() override = default;
};

// How the outbox is tied to the rest of the process; app/ sets it once, before the first unit of
// work. Both parts are optional.
struct OutboxHooks {
  // The 32-byte secret key: EnqueueEmail stores bodies sealed with it, so a one-time link in a
  // pending e-mail is not readable in the database. Empty: bodies are stored as given.
  std::string seal_key;
  // Called after a write unit that queued an e-mail has committed (never after a rollback), on
  // that unit's thread, so delivery can start at once rather than at the next timer tick. Must
  // be quick and thread-safe, and must not run a unit of work itself.
  std::function<void()> email_committed;
};

// A database: runs units of work. Write() retries nothing; a failed unit rolls back whole.
class Database {
 public:
  virtual ~Database() = default;
  virtual Status Read(const std::function<Status(Tx&)>& work) = 0;
  virtual Status Write(const std::function<Status(Tx&)>& work) = 0;
  // Not thread-safe: call before any unit of work runs.
  virtual void SetOutboxHooks(OutboxHooks hooks) = 0;
  // Applies pending migrations; returns how many were applied.
  virtual Result<int> Migrate() = 0;
  // Brings the query planner's statistics up to date after a bulk change (an import). SQLite
  // keeps none until asked, and plans some look-ups badly without them; PostgreSQL's autovacuum
  // would get there, but only later.
  virtual Status RefreshStatistics() = 0;
};

}  // namespace clientele::storage
