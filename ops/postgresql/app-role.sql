-- The role AdminCenter runs under on PostgreSQL: it reads and writes the AdminCenter store but does not own its tables,
-- so it cannot alter them (or disable the audit log's triggers), and it may not change or remove audit entries.
-- Run as the owner of the AdminCenter database after the owner has started AdminCenter once (which migrates it),
-- with :app_role and :app_password set, e.g.  psql -d admincenter -v app_role=admincenter_app -v app_password="'…'" -f app-role.sql
CREATE ROLE :app_role LOGIN PASSWORD :app_password;
GRANT CONNECT, TEMPORARY ON DATABASE :"DBNAME" TO :app_role;
GRANT USAGE ON SCHEMA public TO :app_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :app_role;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO :app_role;
REVOKE UPDATE, DELETE, TRUNCATE ON "AuditLog" FROM :app_role;
