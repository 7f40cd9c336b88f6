namespace MdtReview.Data.Model;

/// <summary>
/// An editable record protected by optimistic concurrency. On PostgreSQL <see cref="Version"/> maps to the
/// system column <c>xmin</c>; SQLite has no row version, so <see cref="MdtReviewDbContext"/> increments it on every update.
/// </summary>
public interface IVersioned
{
    uint Version { get; set; }
}
