using MdtReview.Web.Features.Meetings.Services;

namespace MdtReview.Web.Tests.Features.Meetings;

public sealed class QuorumTests
{
    private static readonly QuorumRequirement _twoOncologistsOneRadiologist = new(2, 1, 0);

    [Fact]
    public void Two_oncologists_and_a_radiologist_meet_the_default_quorum()
    {
        var status = Quorum.Evaluate(_twoOncologistsOneRadiologist, ["Medical oncologist", "Clinical oncologist", "Radiologist"]);

        Assert.True(status.Met);
        Assert.Equal("Quorum met", status.Text);
    }

    [Fact]
    public void The_indicator_names_who_is_missing()
    {
        Assert.Equal("Quorum not met (missing: 1 radiologist)", Quorum.Evaluate(_twoOncologistsOneRadiologist, ["Medical oncologist", "Medical oncologist"]).Text);
        Assert.Equal("Quorum not met (missing: 2 oncologists, 1 radiologist)", Quorum.Evaluate(_twoOncologistsOneRadiologist, ["Clinical nurse specialist"]).Text);
    }

    [Fact]
    public void Other_specialties_count_once_each()
    {
        var status = Quorum.Evaluate(new QuorumRequirement(0, 0, 2), ["Clinical nurse specialist", "clinical nurse specialist"]);

        Assert.False(status.Met);
        Assert.Equal("Quorum not met (missing: 1 other specialty)", status.Text);
        Assert.True(Quorum.Evaluate(new QuorumRequirement(0, 0, 2), ["Clinical nurse specialist", "Histopathologist"]).Met);
    }
}
