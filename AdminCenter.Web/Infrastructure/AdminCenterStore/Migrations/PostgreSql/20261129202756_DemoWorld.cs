using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminCenter.Web.Infrastructure.AdminCenterStore.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class DemoWorld : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DemoWorlds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    PortalStore = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    AspireStore = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Seed = table.Column<int>(type: "integer", nullable: false),
                    Users = table.Column<int>(type: "integer", nullable: false),
                    Payments = table.Column<int>(type: "integer", nullable: false),
                    LastRecordId = table.Column<long>(type: "bigint", nullable: false),
                    LastBatchId = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SimulatedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DemoWorlds", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DemoWorlds");
        }
    }
}
