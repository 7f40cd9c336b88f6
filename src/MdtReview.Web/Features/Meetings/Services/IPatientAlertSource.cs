using MdtReview.Data;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// A patient considered for the agenda: <paramref name="Since"/> is the start of their last discussion, or (never
/// discussed) the later of their course start and the tumour group's last closed meeting; "new" findings are after it.
/// </summary>
public sealed record AlertWindow(int PatientId, DateTime Since, bool Discussed, DateOnly CourseStart);

/// <summary>
/// The suggestion reasons that need the clinical rules (iUPD awaiting confirmation, scan overdue, a new lab grade ≥3).
/// Kept behind one interface so how they are computed (today: the stored PatientAlertState) can change without touching
/// the agenda's other reasons.
/// </summary>
public interface IPatientAlertSource
{
    Task<IReadOnlyDictionary<int, List<AgendaReason>>> ReasonsAsync(MdtReviewDbContext db, IReadOnlyList<AlertWindow> patients, DateOnly asOf, CancellationToken cancellationToken);
}
