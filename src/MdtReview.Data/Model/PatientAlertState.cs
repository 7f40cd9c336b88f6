using MdtReview.Clinical.Recist;

namespace MdtReview.Data.Model;

/// <summary>
/// What the patient list, the home page and agenda suggestions filter on, computed by the clinical library from the
/// patient's record (see <c>PatientAlertCalculator</c>) and stored so that lists can filter, sort and page in the database.
/// One row per patient. Time-dependent alerts are stored as dates, never as booleans, so a query compares them with today's
/// date and the alert appears or lapses as days pass without a refresh. Derived data, not clinical input: it is rewritten
/// by <c>PatientAlerts.RefreshAsync</c> after every write that changes the evidence.
/// </summary>
public class PatientAlertState
{
    public int PatientId { get; set; }

    /// <summary>Highest current grade among irAEs not resolved at the refresh; null when none is active.</summary>
    public int? MaxActiveIraeGrade { get; set; }

    /// <summary>
    /// Collection date of the most recent current (not superseded) lab result graded CTCAE ≥3, when it falls within the
    /// alert window (14 days) at the refresh; null otherwise (an older one can never raise the alert again).
    /// </summary>
    public DateOnly? LatestGrade3LabDate { get; set; }

    /// <summary>Date of the scan that gave an iRECIST iUPD still awaiting confirmation (the latest response is iUPD); null otherwise.</summary>
    public DateOnly? IupdSince { get; set; }

    /// <summary>First day of the iRECIST confirmation window (iUPD + 4 weeks); null unless awaiting confirmation.</summary>
    public DateOnly? IupdConfirmFrom { get; set; }

    /// <summary>Last day of the iRECIST confirmation window (iUPD + 8 weeks); null unless awaiting confirmation.</summary>
    public DateOnly? IupdConfirmBy { get; set; }

    /// <summary>When the next scan is due (routine ~12 weeks, or the start of the iUPD confirmation window); null when no scan is scheduled.</summary>
    public DateOnly? NextScanDue { get; set; }

    /// <summary>Last day before the next scan is overdue (routine: the due date; iUPD: the end of the window).</summary>
    public DateOnly? NextScanLatest { get; set; }

    /// <summary>When the next infusion of the active course is due; null when no course is active.</summary>
    public DateOnly? NextInfusionDue { get; set; }

    /// <summary>First day on which bloods count for the next infusion; null when none is due or they are done.</summary>
    public DateOnly? BloodsWindowOpens { get; set; }

    /// <summary>Last day for the pre-cycle bloods (the day before the infusion); null when none is due or they are done.</summary>
    public DateOnly? BloodsDueBy { get; set; }

    public Recist11Response? LatestRecist { get; set; }
    public IrecistResponse? LatestIrecist { get; set; }
    public DateOnly? LatestResponseDate { get; set; }

    /// <summary>When the row was computed (UTC).</summary>
    public DateTime RefreshedAt { get; set; }

    /// <summary>The date the row was computed for.</summary>
    public DateOnly ComputedFor { get; set; }
}
