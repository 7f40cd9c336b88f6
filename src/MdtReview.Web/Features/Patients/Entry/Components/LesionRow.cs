using MdtReview.Data.Model;

namespace MdtReview.Web.Features.Patients.Entry.Components;

/// <summary>One editable lesion row of the scan form.</summary>
public sealed class LesionRow
{
    public string LesionKey { get; set; } = "";
    public string Organ { get; set; } = "";
    public bool IsLymphNode { get; set; }
    public LesionKind Kind { get; set; } = LesionKind.Target;
    public decimal? DiameterMm { get; set; }
    public bool TooSmallToMeasure { get; set; }

    /// <summary>A lesion carried from the baseline: its id, site and kind are fixed, only its size is entered.</summary>
    public bool FromBaseline { get; init; }
}
