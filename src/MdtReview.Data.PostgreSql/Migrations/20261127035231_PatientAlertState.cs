using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MdtReview.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PatientAlertState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PatientAlertStates",
                columns: table => new
                {
                    PatientId = table.Column<int>(type: "integer", nullable: false),
                    MaxActiveIraeGrade = table.Column<int>(type: "integer", nullable: true),
                    LatestGrade3LabDate = table.Column<DateOnly>(type: "date", nullable: true),
                    IupdSince = table.Column<DateOnly>(type: "date", nullable: true),
                    IupdConfirmFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    IupdConfirmBy = table.Column<DateOnly>(type: "date", nullable: true),
                    NextScanDue = table.Column<DateOnly>(type: "date", nullable: true),
                    NextScanLatest = table.Column<DateOnly>(type: "date", nullable: true),
                    NextInfusionDue = table.Column<DateOnly>(type: "date", nullable: true),
                    BloodsWindowOpens = table.Column<DateOnly>(type: "date", nullable: true),
                    BloodsDueBy = table.Column<DateOnly>(type: "date", nullable: true),
                    LatestRecist = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    LatestIrecist = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    LatestResponseDate = table.Column<DateOnly>(type: "date", nullable: true),
                    RefreshedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ComputedFor = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PatientAlertStates", x => x.PatientId);
                    table.ForeignKey(
                        name: "FK_PatientAlertStates_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PatientAlertStates_BloodsWindowOpens",
                table: "PatientAlertStates",
                column: "BloodsWindowOpens");

            migrationBuilder.CreateIndex(
                name: "IX_PatientAlertStates_IupdSince",
                table: "PatientAlertStates",
                column: "IupdSince");

            migrationBuilder.CreateIndex(
                name: "IX_PatientAlertStates_LatestGrade3LabDate",
                table: "PatientAlertStates",
                column: "LatestGrade3LabDate");

            migrationBuilder.CreateIndex(
                name: "IX_PatientAlertStates_MaxActiveIraeGrade",
                table: "PatientAlertStates",
                column: "MaxActiveIraeGrade");

            migrationBuilder.CreateIndex(
                name: "IX_PatientAlertStates_NextScanDue",
                table: "PatientAlertStates",
                column: "NextScanDue");

            migrationBuilder.CreateIndex(
                name: "IX_PatientAlertStates_NextScanLatest",
                table: "PatientAlertStates",
                column: "NextScanLatest");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PatientAlertStates");
        }
    }
}
