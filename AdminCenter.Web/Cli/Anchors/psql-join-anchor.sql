-- The anchor for `reconcile` on PostgreSQL: sqlite3-join-anchor.sql (../shared/bench) written for PostgreSQL, run on one
-- database that holds the Portal and ASPIRE tables side by side:  psql -d joined -q -f psql-join-anchor.sql > /dev/null
select p."Reference", p."Status", p."CreatedAt", p."Id", p."UserId", p."ContractNumber", p."Amount", p."PaymentDate", p."UpdatedAt",
       p."CancelRequestedAt", p."BankAccountLast4", e.AlternateEftId, e.ContractNumber, e.CustomerId, e.Amount, e.DueDate,
       e.SecCode, e.Payments, e.PaymentsProcessed, e.BankAccountLast4, e.EftBatchId, e.CreatedAt, e.ModifiedAt, b.PostedAt
from "PortalPayments" p
left join AlternateEft e on e.PaymentReference = p."Reference"
left join EftBatch b on b.EftBatchId = e.EftBatchId
union all
select null, null, null, null, null, null, null, null, null, null, null, e.AlternateEftId, e.ContractNumber, e.CustomerId,
       e.Amount, e.DueDate, e.SecCode, e.Payments, e.PaymentsProcessed, e.BankAccountLast4, e.EftBatchId, e.CreatedAt,
       e.ModifiedAt, null
from AlternateEft e
where e.PaymentReference is not null
  and not exists (select 1 from "PortalPayments" p where p."Reference" = e.PaymentReference);
