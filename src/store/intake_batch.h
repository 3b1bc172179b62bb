#pragma once
// How a batch of accepted events is stored, the same on every backend: an event id stored
// before (or earlier in the same batch) answers with the first one's messages; each order
// update is written only if its order is still at the version it was decided on, in batch order
// per order; an event whose order moved on is taken back whole; everything else is stored with
// its status change and its messages. A backend provides the steps (IntakeWriter), each over
// the whole batch, so that one that pays a round trip per statement writes a table per
// statement.
#include <string>
#include <vector>

#include "store/records.h"

namespace herald::store {

struct MessageToStore {
  const NewEvent* event;
  const NewMessage* message;
};

class IntakeWriter {
 public:
  virtual ~IntakeWriter() = default;
  // Inserts each event (their ids are distinct) unless its id is stored; whether each was.
  virtual std::vector<bool> insert_events(const std::vector<const NewEvent*>& events) = 0;
  // The stored answer of each of these events, whose ids are stored: duplicate = true.
  virtual std::vector<EventAcceptance> load_acceptances(
      const std::vector<const NewEvent*>& events) = 0;
  // Writes each update whose order is still at its expected version (at most one update per
  // order in a call); whether each was written.
  virtual std::vector<bool> write_orders(const std::vector<const OrderUpdate*>& updates) = 0;
  // Takes back events inserted by this batch.
  virtual void remove_events(const std::vector<const NewEvent*>& events) = 0;
  // Records the status changes of written updates, in this order, and the orders' current
  // statuses (the last change of a type wins).
  virtual void record_changes(const std::vector<const OrderUpdate*>& updates) = 0;
  // Stores messages as intake decided them, in this order: content, search addresses, the
  // timeline of held recipients, the queue row of a queued one, the dashboard's figures.
  virtual void insert_messages(const std::vector<MessageToStore>& messages) = 0;
};

// One answer per event, in order. The caller holds the transaction.
std::vector<EventAcceptance> accept_batch(IntakeWriter& writer,
                                          const std::vector<NewEvent>& events);

// What an event's skipped channels are stored as, and read back.
std::string skipped_to_json(const std::vector<Skipped>& skipped);
std::vector<Skipped> skipped_from_json(const std::string& text);

}  // namespace herald::store
