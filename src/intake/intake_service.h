#pragma once
// Order events in: validate, plan and render the messages, store durably (group commit).
#include <map>
#include <memory>
#include <shared_mutex>

#include "common/secret_vault.h"
#include "intake/event_request.h"
#include "intake/group_committer.h"
#include "intake/resend_input.h"
#include "store/template_storage.h"

namespace herald::intake {

// The storage roles intake is given: where accepted events go, the suppression list they are
// checked against, the templates they are rendered with, the log a message is sent again from,
// and the orders their status changes are decided on.
struct IntakeStores {
  store::IntakeStorage& events;
  store::SuppressionStorage& suppressions;
  store::TemplateStorage& templates;
  store::LogStorage& log;
  store::OrderStorage& orders;
};

class IntakeService {
 public:
  using Done = GroupCommitter::Done;

  IntakeService(const IntakeStores& stores, const Clock& clock, std::string default_from,
                std::function<void()> on_commit, GroupCommitter::Executor executor = nullptr);

  // Validates synchronously (throws herald::Error); `done` runs once the event is durable.
  void accept(const store::StoreRecord& store, std::string_view body, Done done);

  // POST /v1/messages: one message, however many recipients; `done` gets one MessageRef.
  void accept_message(const store::StoreRecord& store, std::string_view body, Done done);

  // Sends a stored message again: a new message with the same recipients and the content as
  // it was before tracking was added, linked to the first by resent_from and stored like any
  // message. Throws Error(not_found) for an unknown message, Error(conflict) when its content
  // is no longer kept (retention, logging off), Error(bad_request) for a one-time code; `done`
  // gets the new message's id once it is durable.
  using Resent = std::function<void(std::exception_ptr error, std::string new_id)>;
  void resend(const store::StoreRecord& store, const std::string& message_id, Resent done);

  void set_secret_vault(SecretVault* vault) { vault_ = vault; }
  // The server's tracking links, for resending messages logged before the copy as rendered was
  // kept beside the tracked one.
  void set_tracked_links(TrackedLinks links) { links_ = std::move(links); }

  void put_template(store::StoreId store, const store::TemplateRecord& t);
  std::vector<store::TemplateRecord> templates(store::StoreId store, const std::string& key);

 private:
  store::TemplateStorage& templates_;
  store::LogStorage& log_;
  store::OrderStorage& orders_;
  const Clock& clock_;
  std::string default_from_;
  // Templates are read on every event; they change rarely and only through put_template.
  std::shared_mutex cache_mutex_;
  std::map<std::pair<store::StoreId, std::string>, std::vector<store::TemplateRecord>> cache_;
  GroupCommitter committer_;
  SecretVault* vault_ = nullptr;
  TrackedLinks links_;
};

}  // namespace herald::intake
