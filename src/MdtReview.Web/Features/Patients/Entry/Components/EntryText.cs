using MdtReview.Clinical.Irae;
using MdtReview.Data.Model;
using NonTargetStatus = MdtReview.Clinical.Recist.NonTargetStatus;

namespace MdtReview.Web.Features.Patients.Entry.Components;

/// <summary>Words for the entry forms' choices, so no form shows a raw enum name.</summary>
public static class EntryText
{
    public static string Category(IraeCategory category) => category switch
    {
        IraeCategory.AdrenalInsufficiency => "Adrenal insufficiency",
        IraeCategory.Diabetes => "Diabetes (immune-mediated)",
        IraeCategory.Hyperthyroidism => "Hyperthyroidism / thyroiditis",
        IraeCategory.Skin => "Skin (rash, pruritus, bullous)",
        _ => category.ToString(),
    };

    public static string Management(IraeManagement management) => management switch
    {
        IraeManagement.None => "None",
        IraeManagement.Steroids => "Steroids",
        IraeManagement.HormoneReplacement => "Hormone replacement",
        IraeManagement.OtherImmunosuppression => "Other immunosuppression",
        _ => management.ToString(),
    };

    public static string DetailLabel(IraeManagement management) => management switch
    {
        IraeManagement.Steroids => "Steroid and dose",
        IraeManagement.HormoneReplacement => "Hormone replacement and dose",
        IraeManagement.OtherImmunosuppression => "Immunosuppressant and dose",
        _ => "Management detail (optional)",
    };

    public static string? DetailHelp(IraeManagement management) => management switch
    {
        IraeManagement.Steroids => "e.g. prednisolone 1 mg/kg/day, weaning over 6 weeks",
        IraeManagement.HormoneReplacement => "e.g. levothyroxine 75 micrograms daily",
        IraeManagement.OtherImmunosuppression => "e.g. infliximab 5 mg/kg",
        _ => null,
    };

    public static string NonTarget(NonTargetStatus status) => status switch
    {
        NonTargetStatus.None => "None",
        NonTargetStatus.Present => "Present",
        NonTargetStatus.Absent => "Absent (disappeared)",
        NonTargetStatus.UnequivocalProgression => "Unequivocal progression",
        NonTargetStatus.NotEvaluated => "Not evaluated",
        _ => status.ToString(),
    };

    public static string Kind(LesionKind kind) => kind switch
    {
        LesionKind.NonTarget => "Non-target",
        _ => kind.ToString(),
    };
}
