using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminCenter.Web.Infrastructure.AdminCenterStore.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class RunAspireMark : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AspireMaxId",
                table: "ReconciliationRuns",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AspireMaxId",
                table: "ReconciliationRuns");
        }
    }
}
