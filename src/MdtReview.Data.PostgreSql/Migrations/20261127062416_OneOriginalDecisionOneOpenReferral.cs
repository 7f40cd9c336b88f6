using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MdtReview.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class OneOriginalDecisionOneOpenReferral : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TrialReferrals_PatientId_TrialId",
                table: "TrialReferrals");

            migrationBuilder.DropIndex(
                name: "IX_Decisions_MeetingCaseId",
                table: "Decisions");

            migrationBuilder.CreateIndex(
                name: "IX_TrialReferrals_PatientId_TrialId_Open",
                table: "TrialReferrals",
                columns: new[] { "PatientId", "TrialId" },
                unique: true,
                filter: "\"Status\" NOT IN ('Ineligible', 'Declined', 'Withdrawn')");

            migrationBuilder.CreateIndex(
                name: "IX_Decisions_MeetingCaseId_Original",
                table: "Decisions",
                column: "MeetingCaseId",
                unique: true,
                filter: "\"SupersedesId\" IS NULL AND \"MeetingCaseId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TrialReferrals_PatientId_TrialId_Open",
                table: "TrialReferrals");

            migrationBuilder.DropIndex(
                name: "IX_Decisions_MeetingCaseId_Original",
                table: "Decisions");

            migrationBuilder.CreateIndex(
                name: "IX_TrialReferrals_PatientId_TrialId",
                table: "TrialReferrals",
                columns: new[] { "PatientId", "TrialId" });

            migrationBuilder.CreateIndex(
                name: "IX_Decisions_MeetingCaseId",
                table: "Decisions",
                column: "MeetingCaseId");
        }
    }
}
