namespace MdtReview.Data.Model;

public enum AuditAction
{
    Insert,
    Update,
    Delete,
    View,
}

/// <summary>
/// One entry in the tamper-evident audit trail: each event's <see cref="Hash"/> is a keyed hash over its content
/// and <see cref="PreviousHash"/>, so an edited, deleted, inserted or reordered row breaks the chain.
/// </summary>
public class AuditEvent
{
    public long Id { get; set; }

    /// <summary>Position in the chain, from 1, without gaps.</summary>
    public long Sequence { get; set; }
    public DateTime OccurredAt { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public AuditAction Action { get; set; }
    public int? PatientId { get; set; }

    /// <summary>JSON: the changed fields with before and after values.</summary>
    public string? ChangesJson { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}
