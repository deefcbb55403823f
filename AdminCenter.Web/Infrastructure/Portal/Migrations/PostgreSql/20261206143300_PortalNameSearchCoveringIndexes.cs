using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminCenter.Web.Infrastructure.Portal.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class PortalNameSearchCoveringIndexes : Migration
    {
        /// <summary>
        /// The lower(…) indexes of users, which name, email and user-name searches range over, also carry what a page of
        /// matches needs (id, last and first name) and what a later UNION ALL branch tests, so such a search reads no
        /// table row before its page (NpgsqlPortalDbContext.InNameOrder); those of names lead with both names, for a
        /// "first last" search. Each includes its own column too: a plan may read only the index when every column a
        /// condition names is in it, and lower(…) as a key does not count.
        /// </summary>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var (name, definition) in Covering)
            {
                migrationBuilder.Sql($"DROP INDEX IF EXISTS \"{name}\";");
                migrationBuilder.Sql($"CREATE INDEX \"{name}\" ON \"PortalUsers\" {definition};");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (name, _) in Covering)
            {
                var column = name["IX_PortalUsers_lower_".Length..];
                migrationBuilder.Sql($"DROP INDEX IF EXISTS \"{name}\";");
                migrationBuilder.Sql($"CREATE INDEX \"{name}\" ON \"PortalUsers\" (lower(\"{column}\") text_pattern_ops);");
            }
        }

        private static readonly (string Name, string Definition)[] Covering =
        [
            ("IX_PortalUsers_lower_LastName", "(lower(\"LastName\") text_pattern_ops, lower(\"FirstName\") text_pattern_ops) INCLUDE (\"Id\", \"LastName\", \"FirstName\")"),
            ("IX_PortalUsers_lower_FirstName", "(lower(\"FirstName\") text_pattern_ops, lower(\"LastName\") text_pattern_ops) INCLUDE (\"Id\", \"LastName\", \"FirstName\")"),
            ("IX_PortalUsers_lower_UserName", "(lower(\"UserName\") text_pattern_ops) INCLUDE (\"Id\", \"LastName\", \"FirstName\", \"UserName\")"),
            ("IX_PortalUsers_lower_Email", "(lower(\"Email\") text_pattern_ops) INCLUDE (\"Id\", \"LastName\", \"FirstName\", \"UserName\", \"Email\")"),
        ];
    }
}
