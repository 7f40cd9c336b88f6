using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MdtReview.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Decisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(MdtReview.Data.Configuration.FinalDecisionGuard.PostgreSqlUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(MdtReview.Data.Configuration.FinalDecisionGuard.PostgreSqlDown);
        }
    }
}
