using MdtReview.Web.Features.Decisions.Services;

namespace MdtReview.Web.Tests.Features.Decisions;

public sealed class EvidenceSnapshotReaderTests
{
    [Fact]
    public void Parts_the_reader_does_not_know_are_shown_as_labelled_values_not_dropped()
    {
        var view = EvidenceSnapshotReader.Read("""
            {"asOf":"2026-10-01","labs":[],"clinicalStability":{"stable":true,"ecogUnchanged":"yes"},"futureThing":[1,2]}
            """);

        Assert.True(view.Readable);
        var stability = Assert.Single(view.Other, s => s.Title == "Clinical stability");
        Assert.Contains(stability.Fields, f => f.Label == "Stable" && f.Value == "yes");
        Assert.Contains(stability.Fields, f => f.Label == "Ecog unchanged" && f.Value == "yes");
        Assert.Contains(view.Other, s => s.Title == "Future thing" && s.Fields.Count == 2);
        Assert.Equal("1 Oct 2026", view.AsOf);
    }

    [Fact]
    public void A_grade_stored_in_the_snapshot_wins_over_grading_on_reading()
    {
        var view = EvidenceSnapshotReader.Read("""
            {"labs":[{"test":"ALT","value":45,"unit":"U/L","uln":40,"grade":2,"gradeBasis":"against an abnormal baseline"}]}
            """);

        var alt = Assert.Single(view.Labs);
        Assert.Equal(2, alt.Grade);
        Assert.Contains("as recorded at finalisation", alt.GradeBasis, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lab_without_a_stored_grade_is_graded_by_the_rules()
    {
        var view = EvidenceSnapshotReader.Read("""{"labs":[{"test":"ALT","value":400,"unit":"U/L","uln":40}]}""");

        var alt = Assert.Single(view.Labs);
        Assert.Equal(3, alt.Grade);
        Assert.Contains("graded on reading", alt.GradeBasis, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_json_is_kept_as_stored_instead_of_failing()
    {
        var view = EvidenceSnapshotReader.Read("{not json");

        Assert.True(view.Recorded);
        Assert.False(view.Readable);
        Assert.Equal("{not json", view.Raw);
    }

    [Fact]
    public void Findings_are_read_with_severity_as_name_or_number_and_ordered_must_first()
    {
        var findings = GuidelineFindingsReader.Read("""
            [{"severity":2,"code":"i","message":"info","source":"s"},{"Severity":"Must","Code":"m","Message":"must","Source":"ASCO"},{"severity":"Weird","message":"x"}]
            """);

        Assert.NotNull(findings);
        Assert.Equal(["m", "i", ""], findings.Select(f => f.Code));
        Assert.Equal("Weird", findings[2].SeverityText);
        Assert.Null(findings[2].Severity);
    }
}
