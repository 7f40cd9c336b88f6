using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MdtReview.Data.Sqlite.Migrations
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
                    PatientId = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxActiveIraeGrade = table.Column<int>(type: "INTEGER", nullable: true),
                    LatestGrade3LabDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    IupdSince = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    IupdConfirmFrom = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    IupdConfirmBy = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    NextScanDue = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    NextScanLatest = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    NextInfusionDue = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    BloodsWindowOpens = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    BloodsDueBy = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LatestRecist = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    LatestIrecist = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    LatestResponseDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RefreshedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ComputedFor = table.Column<DateOnly>(type: "TEXT", nullable: false)
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
