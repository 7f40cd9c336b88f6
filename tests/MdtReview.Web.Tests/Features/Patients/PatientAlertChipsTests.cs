using Bunit;
using MdtReview.Data.Evidence;
using MdtReview.Web.Features.Patients.Components;
using MdtReview.Web.Features.Patients.Services;

namespace MdtReview.Web.Tests.Features.Patients;

public sealed class PatientAlertChipsTests : ComponentTestBase
{
    public static TheoryData<PatientAlert, string> ChipTexts => new()
    {
        { new PatientAlert(PatientAlertKind.IraeGrade2OrAbove, "Highest active irAE grade 3", Grade: 3), "irAE grade 3" },
        { new PatientAlert(PatientAlertKind.RecentLabGrade3OrAbove, "Lab result graded CTCAE ≥3 collected 20 Nov 2026"), "Lab grade ≥3" },
        { new PatientAlert(PatientAlertKind.IupdAwaitingConfirmation, "iUPD on the scan of 2 Nov 2026; confirmation scan 30 Nov 2026 to 28 Dec 2026"), "iUPD awaiting confirmation" },
        { new PatientAlert(PatientAlertKind.ScanOverdue, "Next scan was due by 1 Nov 2026", Overdue: true), "Scan overdue" },
        { new PatientAlert(PatientAlertKind.BloodsDue, "Pre-cycle bloods due by 29 Nov 2026 for the infusion on 30 Nov 2026"), "Bloods due" },
        { new PatientAlert(PatientAlertKind.BloodsDue, "Pre-cycle bloods due by 20 Nov 2026 for the infusion on 21 Nov 2026", Overdue: true), "Bloods overdue" },
    };

    [Theory]
    [MemberData(nameof(ChipTexts))]
    public void Each_alert_shows_as_a_chip_with_text_an_icon_and_its_figures_for_screen_readers(PatientAlert alert, string text)
    {
        var chips = Render<PatientAlertChips>(p => p.Add(c => c.Alerts, [alert]));

        var chip = chips.Find(".mud-chip");
        Assert.Equal(text, chip.TextContent.Trim());
        Assert.NotNull(chip.QuerySelector("svg"));
        Assert.Equal(alert.Detail, chip.GetAttribute("title"));
        Assert.Contains(alert.Detail, chips.Find(".visually-hidden").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_patient_without_alerts_reads_none()
    {
        var chips = Render<PatientAlertChips>(p => p.Add(c => c.Alerts, []));

        Assert.Empty(chips.FindAll(".mud-chip"));
        Assert.Equal("None", chips.Markup.Contains("None", StringComparison.Ordinal) ? "None" : chips.Markup);
    }
}
