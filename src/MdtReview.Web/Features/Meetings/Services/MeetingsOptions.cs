using System.ComponentModel.DataAnnotations;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// The default quorum copied onto each new meeting (<c>Meetings:Quorum</c>). Copying, not referencing, keeps a past meeting's
/// quorum as it was when the meeting was held, whatever the setting says later.
/// </summary>
public sealed class QuorumOptions
{
    public const string SectionName = "Meetings:Quorum";

    [Range(0, 20)]
    public int Oncologists { get; set; } = 2;

    [Range(0, 20)]
    public int Radiologists { get; set; } = 1;

    /// <summary>Distinct specialties other than oncology and radiology (pathology, nursing, surgery …).</summary>
    [Range(0, 20)]
    public int OtherSpecialties { get; set; }
}

/// <summary>Meeting settings (<c>Meetings</c>).</summary>
public sealed class MeetingsOptions : IValidatableObject
{
    public const string SectionName = "Meetings";

    /// <summary>The time zone the team meets in: meeting times are entered and shown in it and stored in UTC.</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/London";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"Meetings:TimeZone '{TimeZone}' is not a time zone known to this server.", [nameof(TimeZone)]);
        }
    }
}
