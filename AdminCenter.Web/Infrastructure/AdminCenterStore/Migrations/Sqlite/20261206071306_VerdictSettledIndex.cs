using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminCenter.Web.Infrastructure.AdminCenterStore.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VerdictSettledIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_PaymentVerdicts_PortalStatus_PaymentCreatedAt",
                table: "PaymentVerdicts",
                columns: new[] { "PortalStatus", "PaymentCreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PaymentVerdicts_PortalStatus_PaymentCreatedAt",
                table: "PaymentVerdicts");
        }
    }
}
