using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminCenter.Web.Infrastructure.AdminCenterStore.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IncrementalReconciliation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Examined",
                table: "ReconciliationRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Kind",
                table: "ReconciliationRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_ReconciliationRuns_Succeeded_Kind_StartedAt",
                table: "ReconciliationRuns",
                columns: new[] { "Succeeded", "Kind", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentVerdicts_Deadline",
                table: "PaymentVerdicts",
                column: "Deadline");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentVerdicts_PaymentCreatedAt",
                table: "PaymentVerdicts",
                column: "PaymentCreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReconciliationRuns_Succeeded_Kind_StartedAt",
                table: "ReconciliationRuns");

            migrationBuilder.DropIndex(
                name: "IX_PaymentVerdicts_Deadline",
                table: "PaymentVerdicts");

            migrationBuilder.DropIndex(
                name: "IX_PaymentVerdicts_PaymentCreatedAt",
                table: "PaymentVerdicts");

            migrationBuilder.DropColumn(
                name: "Examined",
                table: "ReconciliationRuns");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "ReconciliationRuns");
        }
    }
}
