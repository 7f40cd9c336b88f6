using Microsoft.AspNetCore.Identity;

namespace MdtReview.Data.Identity;

public class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Role or specialty shown on attendance lists, e.g. "Medical oncologist".</summary>
    public string? Specialty { get; set; }

    /// <summary>A disabled account cannot sign in, and an open session loses access at its next action.</summary>
    public bool IsDisabled { get; set; }
}
