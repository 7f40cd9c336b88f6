namespace MdtReview.Data.Auditing;

/// <summary>
/// Who caused a write or a view: a signed-in user (<see cref="UserId"/> set) or a named system actor such as
/// <c>system:seed</c> or <c>cli:alice</c> (<see cref="UserId"/> null).
/// </summary>
public sealed record AuditActor(string? UserId, string UserName)
{
    public static readonly AuditActor Anonymous = new(null, "anonymous");

    public static AuditActor System(string name) => new(null, name);
}

/// <summary>
/// Supplies the actor the audit interceptor records. The web app registers one that reads the signed-in user of the
/// current circuit or request; the CLI registers a fixed <c>cli:&lt;os user&gt;</c> actor.
/// </summary>
public interface IAuditActorAccessor
{
    ValueTask<AuditActor> GetCurrentAsync(CancellationToken cancellationToken = default);
}

/// <summary>An accessor that always answers the same actor: the CLI, tests and hosts without users.</summary>
public sealed class FixedAuditActorAccessor(AuditActor actor) : IAuditActorAccessor
{
    public ValueTask<AuditActor> GetCurrentAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(actor);
}

/// <summary>
/// Overrides the actor for the writes made inside a block of code, across awaits, e.g. the demo seeder running at web
/// start-up, where the writes are the system's and not those of whoever the accessor would name.
/// </summary>
public static class AuditActorScope
{
    private static readonly AsyncLocal<AuditActor?> _current = new();

    public static AuditActor? Current => _current.Value;

    public static IDisposable Use(AuditActor actor)
    {
        var previous = _current.Value;
        _current.Value = actor;
        return new Restore(previous);
    }

    private sealed class Restore(AuditActor? previous) : IDisposable
    {
        public void Dispose() => _current.Value = previous;
    }
}
