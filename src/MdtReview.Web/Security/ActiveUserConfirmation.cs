using MdtReview.Data.Identity;
using Microsoft.AspNetCore.Identity;

namespace MdtReview.Web.Security;

/// <summary>Refuses sign-in to a disabled account (SignInManager reports it as "not allowed").</summary>
internal sealed class ActiveUserConfirmation : IUserConfirmation<ApplicationUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<ApplicationUser> manager, ApplicationUser user) =>
        Task.FromResult(!user.IsDisabled);
}
