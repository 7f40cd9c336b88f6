using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Data.Auditing;

/// <summary>The first event at which the chain stops verifying, and why.</summary>
public sealed record AuditBreak(long Sequence, long? EventId, string Reason);

/// <summary>The outcome of walking the chain: intact up to the head, or the first break.</summary>
public sealed record AuditVerification(long EventsChecked, long HeadSequence, string HeadHash, AuditBreak? FirstBreak)
{
    public bool Intact => FirstBreak is null;

    public override string ToString() => Intact
        ? $"Audit chain intact: {EventsChecked:N0} events; head sequence {HeadSequence}, hash {HeadHash}."
        : $"Audit chain BROKEN at sequence {FirstBreak!.Sequence}{(FirstBreak.EventId is { } id ? $" (row id {id})" : "")}: {FirstBreak.Reason} "
          + $"The {EventsChecked - 1:N0} events before it verify.";
}

/// <summary>
/// Walks the chain in sequence order and recomputes every hash. An edited row fails its own hash; a deleted row leaves a gap
/// in the sequence and a previous-hash mismatch; an inserted or reordered row cannot carry a valid hash without the key.
/// Only a deleted tail (the newest events) leaves a shorter chain that still verifies: compare the head with an anchor kept
/// outside the database (the anchor argument of VerifyAsync, docs/operations.md).
/// </summary>
public sealed class AuditChainVerifier(IDbContextFactory<MdtReviewDbContext> contextFactory, AuditHasher hasher)
{
    private const int PageSize = 5_000;

    /// <summary>Verifies the whole chain; with an anchor (a sequence and hash recorded earlier outside the database), also that this event is still there unchanged.</summary>
    public async Task<AuditVerification> VerifyAsync((long Sequence, string Hash)? anchor = null, CancellationToken cancellationToken = default)
    {
        // Even an empty chain is only "intact" under a configured key.
        hasher.EnsureKey();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var expectedSequence = 1L;
        var previousHash = AuditHasher.GenesisHash;
        long checkedCount = 0;
        var anchorSeen = false;

        // Paged by sequence so a long chain is never held in memory at once.
        var after = 0L;
        while (true)
        {
            var page = await db.AuditEvents.AsNoTracking()
                .Where(e => e.Sequence > after)
                .OrderBy(e => e.Sequence)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            foreach (var e in page)
            {
                checkedCount++;
                if (e.Sequence > expectedSequence)
                {
                    // Report the first missing event: that is where the chain was cut.
                    return new AuditVerification(checkedCount, e.Sequence, e.Hash, new AuditBreak(expectedSequence, null,
                        $"sequence {expectedSequence}{(e.Sequence - 1 > expectedSequence ? $" to {e.Sequence - 1}" : "")} is missing: events were deleted."));
                }

                var problem = Check(e, expectedSequence, previousHash);
                if (problem is null && anchor is { } a && e.Sequence == a.Sequence)
                {
                    anchorSeen = true;
                    if (!string.Equals(e.Hash, a.Hash, StringComparison.OrdinalIgnoreCase))
                    {
                        problem = $"its hash differs from the anchor recorded outside the database ({a.Hash}).";
                    }
                }

                if (problem is not null)
                {
                    return new AuditVerification(checkedCount, e.Sequence, e.Hash, new AuditBreak(e.Sequence, e.Id, problem));
                }

                expectedSequence = e.Sequence + 1;
                previousHash = e.Hash;
            }

            if (page.Count < PageSize)
            {
                break;
            }

            after = page[^1].Sequence;
        }

        var head = expectedSequence - 1;
        if (anchor is { } missing && !anchorSeen)
        {
            return new AuditVerification(checkedCount, head, previousHash,
                new AuditBreak(missing.Sequence, null, $"the anchored event is missing: the chain ends at sequence {head}, so events were removed from its end."));
        }

        return new AuditVerification(checkedCount, head, previousHash, null);
    }

    private string? Check(AuditEvent e, long expectedSequence, string previousHash)
    {
        if (e.Sequence != expectedSequence)
        {
            return $"sequence {e.Sequence} appears where {expectedSequence} was expected.";
        }

        if (!string.Equals(e.PreviousHash, previousHash, StringComparison.Ordinal))
        {
            return "its previous-hash does not match the hash of the event before it: an event was inserted, deleted or moved.";
        }

        if (!string.Equals(e.Hash, hasher.Compute(e), StringComparison.Ordinal))
        {
            return "its content does not match its hash: the event was altered (or signed with another key).";
        }

        return null;
    }
}
