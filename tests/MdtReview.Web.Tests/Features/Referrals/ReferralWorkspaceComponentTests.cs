using Bunit;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Referrals.Components;
using MdtReview.Web.Features.Referrals.Services;

namespace MdtReview.Web.Tests.Features.Referrals;

public sealed class ReferralWorkspaceComponentTests : ComponentTestBase
{
    [Fact]
    public void A_new_referral_is_highlighted_and_says_new_in_words_and_the_row_shows_no_name()
    {
        var rows = new[]
        {
            new ReferralRow(1, 10, "HORIZON-RCC", "QZ", 66, Sex.Male, TumourSite.Renal, new DateTime(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc), ReferralStatus.Referred,
                new DateTime(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc)),
            new ReferralRow(2, 10, "HORIZON-RCC", "AB", 58, Sex.Female, TumourSite.Renal, new DateTime(2026, 5, 1, 9, 0, 0, DateTimeKind.Utc), ReferralStatus.Screening,
                new DateTime(2026, 5, 4, 9, 0, 0, DateTimeKind.Utc)),
        };

        var table = Render<ReferralTable>(p => p.Add(t => t.Rows, rows));

        var trs = table.FindAll("tbody tr");
        Assert.Equal(2, trs.Count);
        Assert.Contains("referral-new", trs[0].ClassName, StringComparison.Ordinal);
        Assert.Contains("New", trs[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("QZ · 66 y · Male", trs[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("1 Jun 2026", trs[0].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("referral-new", trs[1].ClassName ?? "", StringComparison.Ordinal);
        Assert.Contains("Screening", trs[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("referrals/1", table.Find("tbody tr a").GetAttribute("href"));
    }

    [Fact]
    public void An_empty_list_says_so()
    {
        var table = Render<ReferralTable>(p => p.Add(t => t.Rows, []).Add(t => t.Empty, "No open referrals."));

        Assert.Equal("No open referrals.", table.Find("[data-testid=no-referrals]").TextContent.Trim());
    }
}
