namespace MdtReview.Web.Features.Referrals.Services;

/// <summary>The count the navigation shows beside "Referrals" (implemented by <see cref="CountNewReferrals"/>).</summary>
public interface INewReferralCount
{
    /// <summary>Referrals to the caller's trials that nobody has started screening; 0 for anyone not on a trial team.</summary>
    Task<int> CountNewAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Tells the navigation's new-referral count that the user changed a referral in this circuit (scoped: one per circuit), so
/// the count follows the user's own screening without polling. Changes by other users show at the next page load.
/// </summary>
public sealed class ReferralChangeNotifier
{
    public event Func<Task>? Changed;

    public async Task NotifyAsync()
    {
        if (Changed is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<Task>>())
            {
                await handler();
            }
        }
    }
}
