namespace MdtReview.Web.Features.Patients.Entry.Services;

public enum EntryOutcome
{
    Saved,
    Invalid,
    Forbidden,
    NotFound,
    Conflict,
}

/// <summary>One field of a record as the user entered it and as it now stands in the database.</summary>
public sealed record ConflictField(string Label, string Yours, string Theirs);

/// <summary>
/// Another user saved the same record after this user opened it. Nothing of either version is lost: theirs is in the
/// database, yours is returned here (and stays in the form) so the user can re-apply it on top of theirs.
/// </summary>
public sealed record EntryConflict(string Message, IReadOnlyList<ConflictField> Fields, uint CurrentVersion);

/// <summary>The outcome of a data-entry command: saved (with the new record's id), or why nothing was written.</summary>
public sealed record EntryResult(EntryOutcome Outcome, IReadOnlyDictionary<string, string> Errors, int? Id = null, EntryConflict? Conflict = null)
{
    /// <summary>Key of an error that belongs to the form as a whole rather than one field.</summary>
    public const string FormKey = "";

    public const string ForbiddenMessage = "Only an oncologist can enter or correct clinical data.";

    public bool Succeeded => Outcome == EntryOutcome.Saved;

    public static EntryResult Saved(int id) => new(EntryOutcome.Saved, new Dictionary<string, string>(), id);

    public static EntryResult Invalid(IReadOnlyDictionary<string, string> errors) => new(EntryOutcome.Invalid, errors);

    public static EntryResult Invalid(string field, string message) => new(EntryOutcome.Invalid, new Dictionary<string, string> { [field] = message });

    public static EntryResult Forbidden() => new(EntryOutcome.Forbidden, new Dictionary<string, string> { [FormKey] = ForbiddenMessage });

    public static EntryResult NotFound(string message) => new(EntryOutcome.NotFound, new Dictionary<string, string> { [FormKey] = message });

    public static EntryResult Conflicted(EntryConflict conflict) =>
        new(EntryOutcome.Conflict, new Dictionary<string, string> { [FormKey] = conflict.Message }, Conflict: conflict);
}

/// <summary>Collects field-level messages; the first message per field wins, so the user sees the most basic problem first.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public bool Has(string field) => _errors.ContainsKey(field);

    public void Add(string field, string message) => _errors.TryAdd(field, message);

    public IReadOnlyDictionary<string, string> ToDictionary() => _errors;
}
