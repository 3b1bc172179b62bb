#pragma once
// Every storage role but orders and the pages' own (order_storage.h, ui_storage.h), as one
// backend implements them: SQLite (sqlite/) now, PostgreSQL later. A service is given only the
// role(s) it uses, never Storage; Storage exists for the backend to implement and for the
// commands that wire services together.
// Every method that touches tenant data takes the StoreId: reads and writes are confined to it.
#include "store/health_storage.h"
#include "store/intake_storage.h"
#include "store/log_storage.h"
#include "store/queue_storage.h"
#include "store/report_storage.h"
#include "store/retention_storage.h"
#include "store/server_setting_storage.h"
#include "store/suppression_storage.h"
#include "store/template_storage.h"
#include "store/tenant_storage.h"

namespace herald::store {

class Storage : public TenantStorage,
                public ServerSettingStorage,
                public TemplateStorage,
                public IntakeStorage,
                public LogStorage,
                public QueueStorage,
                public ReportStorage,
                public SuppressionStorage,
                public RetentionStorage,
                public HealthStorage {
 public:
  ~Storage() override = default;
};

}  // namespace herald::store
