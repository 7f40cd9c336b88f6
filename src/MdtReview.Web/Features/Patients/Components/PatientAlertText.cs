using MdtReview.Data.Evidence;
using MdtReview.Web.Features.Patients.Services;
using MudBlazor;

namespace MdtReview.Web.Features.Patients.Components;

/// <summary>The words and icons of each alert, shared by the chips, the filters and the home page.</summary>
public static class PatientAlertText
{
    /// <summary>The filter label: what the alert means.</summary>
    public static string FilterLabel(PatientAlertKind kind) => kind switch
    {
        PatientAlertKind.IraeGrade2OrAbove => "Active irAE grade ≥2",
        PatientAlertKind.RecentLabGrade3OrAbove => "Lab grade ≥3 in the last 14 days",
        PatientAlertKind.IupdAwaitingConfirmation => "iUPD awaiting confirmation",
        PatientAlertKind.ScanOverdue => "Scan overdue",
        PatientAlertKind.BloodsDue => "Bloods due before the next cycle",
        _ => kind.ToString(),
    };

    /// <summary>The chip text: short, with the figure that matters.</summary>
    public static string ChipText(PatientAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alert.Kind switch
        {
            PatientAlertKind.IraeGrade2OrAbove => $"irAE grade {alert.Grade}",
            PatientAlertKind.RecentLabGrade3OrAbove => "Lab grade ≥3",
            PatientAlertKind.IupdAwaitingConfirmation => "iUPD awaiting confirmation",
            PatientAlertKind.ScanOverdue => "Scan overdue",
            PatientAlertKind.BloodsDue => alert.Overdue ? "Bloods overdue" : "Bloods due",
            _ => alert.Kind.ToString(),
        };
    }

    public static string Icon(PatientAlertKind kind) => kind switch
    {
        PatientAlertKind.IraeGrade2OrAbove => Icons.Material.Filled.HealthAndSafety,
        PatientAlertKind.RecentLabGrade3OrAbove => Icons.Material.Filled.Science,
        PatientAlertKind.IupdAwaitingConfirmation => Icons.Material.Filled.HourglassTop,
        PatientAlertKind.ScanOverdue => Icons.Material.Filled.EventBusy,
        PatientAlertKind.BloodsDue => Icons.Material.Filled.Bloodtype,
        _ => Icons.Material.Filled.Info,
    };

    /// <summary>Severity colour; the chip's text always says what it is, colour only adds emphasis.</summary>
    public static Color Colour(PatientAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alert.Kind switch
        {
            PatientAlertKind.IraeGrade2OrAbove when alert.Grade >= 3 => Color.Error,
            PatientAlertKind.RecentLabGrade3OrAbove => Color.Error,
            PatientAlertKind.ScanOverdue => Color.Error,
            _ when alert.Overdue => Color.Error,
            _ => Color.Warning,
        };
    }
}
