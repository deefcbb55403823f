using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminCenter.Web.Infrastructure.Portal.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class PortalUpdatedAtIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_PortalPayments_UpdatedAt",
                table: "PortalPayments",
                column: "UpdatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PortalPayments_UpdatedAt",
                table: "PortalPayments");
        }
    }
}
