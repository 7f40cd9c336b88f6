using MdtReview.Data;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Trials.Services;

/// <summary>Lists the people the team pickers of a new trial offer: active users holding the TrialInvestigator role; empty for non-administrators.</summary>
public sealed class ListInvestigators(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<IReadOnlyList<InvestigatorOption>> HandleAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.Administration, cancellationToken) is null)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await TrialStore.PeopleAsync(db, [], cancellationToken);
    }
}
