using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MdtReview.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Decisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(MdtReview.Data.Configuration.FinalDecisionGuard.SqliteUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(MdtReview.Data.Configuration.FinalDecisionGuard.SqliteDown);
        }
    }
}
