using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminCenter.Web.Infrastructure.AdminCenterStore.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class AuditOriginAndSessionHashes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Sessions are now kept by the hash of their id: rows written before held the id itself (a usable cookie value).
            migrationBuilder.Sql("DELETE FROM \"StaffSessions\";");

            migrationBuilder.AddColumn<string>(
                name: "ClientAddress",
                table: "AuditLog",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Session",
                table: "AuditLog",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClientAddress",
                table: "AuditLog");

            migrationBuilder.DropColumn(
                name: "Session",
                table: "AuditLog");
        }
    }
}
