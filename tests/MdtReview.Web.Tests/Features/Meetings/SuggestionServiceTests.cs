using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Meetings.Services;

namespace MdtReview.Web.Tests.Features.Meetings;

/// <summary>
/// One lung meeting on Thursday 18 June 2026; a closed lung meeting on 1 May 2026 at which some patients were discussed.
/// Each patient is built to trigger exactly one reason, and one patient has every reason's near miss.
/// </summary>
public sealed class SuggestionFixture : IAsyncLifetime
{
    private static readonly DateTime _lastMeeting = new(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    internal ServiceTestHost Host { get; private set; } = default!;
    internal MeetingTestData Data { get; private set; } = default!;
    public int MeetingId { get; private set; }
    public Dictionary<string, int> Patients { get; } = [];
    public string OncologistId { get; private set; } = "";
    public IReadOnlyList<PatientSuggestion> Suggestions { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        Host = await ServiceTestHost.StartAsync();
        Data = new MeetingTestData(Host);
        OncologistId = await Host.CreateUserAsync("onc@test.local", Roles.Oncologist);
        Host.SignInAs(OncologistId);

        MeetingId = await Data.MeetingAsync(new DateTime(2026, 6, 18, 12, 0, 0, DateTimeKind.Utc));
        var past = await Data.MeetingAsync(_lastMeeting, status: MeetingStatus.Closed);
        async Task<int> Discussed(string name, TreatmentStatus status = TreatmentStatus.Active)
        {
            var id = await Data.PatientAsync(name, course: status);
            await Data.CaseAsync(past, id, MeetingCaseStatus.Discussed);
            Patients[name] = id;
            return id;
        }

        // A scan after the last discussion (and not overdue, no RECIST series: one reason only).
        var scan = await Discussed("Scanned");
        await Data.ScanAsync(scan, new DateOnly(2026, 6, 1));

        var irae = await Discussed("Colitis");
        await Data.IraeAsync(irae, 2, new DateOnly(2026, 4, 10));

        // Baseline 50 mm, then 70 mm (+40%, no new lesions): RECIST PD, iRECIST iUPD awaiting confirmation.
        var iupd = await Discussed("Iupd");
        await Data.ScanAsync(iupd, new DateOnly(2026, 4, 1), baseline: true, targetMm: 50);
        await Data.ScanAsync(iupd, new DateOnly(2026, 4, 28), targetMm: 70);

        // Last scan in January: the 12-weekly scan was due in April.
        var overdue = await Discussed("Overdue");
        await Data.ScanAsync(overdue, new DateOnly(2026, 1, 20));

        // ALT 250 U/L with ULN 40 (6.25 × ULN, normal baseline): CTCAE v5 grade 3, after the last discussion.
        var lab = await Discussed("Hepatic");
        await Data.LabAsync(lab, "ALT", 30, "U/L", 40, new DateTime(2026, 1, 2, 8, 0, 0, DateTimeKind.Utc));
        await Data.LabAsync(lab, "ALT", 250, "U/L", 40, new DateTime(2026, 6, 5, 8, 0, 0, DateTimeKind.Utc));

        // Stopped treatment, but the referral outcome needs a new plan.
        var referral = await Discussed("Referred", TreatmentStatus.Stopped);
        await Data.ReferralChangeAsync(referral, OncologistId, ReferralStatus.Screening, ReferralStatus.Ineligible, new DateTime(2026, 6, 10, 10, 0, 0, DateTimeKind.Utc));

        // Every near miss: scan before the discussion and not yet due again, grade 1 active and grade 3 resolved irAEs,
        // a grade 3 lab before the discussion, a referral change before the discussion.
        var quiet = await Discussed("Quiet");
        await Data.ScanAsync(quiet, new DateOnly(2026, 4, 20));
        await Data.IraeAsync(quiet, 1, new DateOnly(2026, 3, 1));
        await Data.IraeAsync(quiet, 3, new DateOnly(2026, 2, 1), resolved: new DateOnly(2026, 3, 1));
        await Data.LabAsync(quiet, "ALT", 30, "U/L", 40, new DateTime(2026, 1, 2, 8, 0, 0, DateTimeKind.Utc));
        await Data.LabAsync(quiet, "ALT", 250, "U/L", 40, new DateTime(2026, 4, 25, 8, 0, 0, DateTimeKind.Utc));
        await Data.ReferralChangeAsync(quiet, OncologistId, ReferralStatus.Referred, ReferralStatus.Screening, new DateTime(2026, 4, 20, 10, 0, 0, DateTimeKind.Utc));

        // Never discussed: only findings since the group's last closed meeting count.
        var seenBefore = await Data.PatientAsync("SeenBefore");
        await Data.ScanAsync(seenBefore, new DateOnly(2026, 4, 20));
        Patients["SeenBefore"] = seenBefore;
        var newScan = await Data.PatientAsync("NewScan");
        await Data.ScanAsync(newScan, new DateOnly(2026, 6, 2));
        Patients["NewScan"] = newScan;

        // Another tumour group, and a patient already on the agenda.
        var melanoma = await Data.PatientAsync("Melanoma", TumourSite.Melanoma);
        await Data.IraeAsync(melanoma, 3, new DateOnly(2026, 6, 1));
        Patients["Melanoma"] = melanoma;
        var listed = await Discussed("Listed");
        await Data.IraeAsync(listed, 3, new DateOnly(2026, 6, 1));
        await Data.CaseAsync(MeetingId, listed);

        await Data.RefreshAlertsAsync();
        Suggestions = await Data.Suggestions(s => s.SuggestAsync(MeetingId));
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

public sealed class SuggestionServiceTests(SuggestionFixture fixture) : IClassFixture<SuggestionFixture>
{
    private PatientSuggestion? For(string name) => fixture.Suggestions.SingleOrDefault(s => s.PatientId == fixture.Patients[name]);

    [Theory]
    [InlineData("Scanned", SuggestionKind.ScanSinceLastDiscussion, "Scan on 1 Jun 2026 since the last MDT discussion (1 May 2026)")]
    [InlineData("Colitis", SuggestionKind.ActiveIraeGrade2OrMore, "Active grade 2 irAE: Colitis")]
    [InlineData("Iupd", SuggestionKind.IupdAwaitingConfirmation, "iUPD on 28 Apr 2026 awaiting confirmation")]
    [InlineData("Overdue", SuggestionKind.ScanOverdue, "Scan overdue (due 14 Apr 2026")]
    [InlineData("Hepatic", SuggestionKind.NewLabGrade3OrMore, "New grade 3 Alanine aminotransferase increased (ALT 250 U/L) on 5 Jun 2026")]
    [InlineData("Referred", SuggestionKind.TrialReferralStatusChange, "Trial referral to ELEVATE-2: Screening → Ineligible on 10 Jun 2026")]
    public void Each_reason_suggests_the_patient_and_says_why(string patient, SuggestionKind kind, string text)
    {
        var suggestion = For(patient);

        Assert.NotNull(suggestion);
        var reason = Assert.Single(suggestion.Reasons, r => r.Kind == kind);
        Assert.StartsWith(text, reason.Text, StringComparison.Ordinal);
        Assert.Contains(text, suggestion.ReasonText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_patient_whose_findings_were_all_seen_at_the_last_discussion_is_not_suggested() => Assert.Null(For("Quiet"));

    [Fact]
    public void A_patient_never_discussed_is_suggested_only_for_findings_since_the_groups_last_closed_meeting()
    {
        Assert.Null(For("SeenBefore"));
        Assert.Equal("Scan on 2 Jun 2026, not yet discussed at an MDT", Assert.Single(For("NewScan")!.Reasons).Text);
    }

    [Fact]
    public void Patients_of_another_tumour_group_or_already_on_the_agenda_are_not_suggested()
    {
        Assert.Null(For("Melanoma"));
        Assert.Null(For("Listed"));
    }

    [Fact]
    public void A_one_reason_patient_carries_only_that_reason()
    {
        Assert.Single(For("Colitis")!.Reasons);
        Assert.Single(For("Hepatic")!.Reasons);
    }
}
