using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data;
using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Decisions.Services;

/// <summary>One version of a decision chain (an original and the amendments that supersede it).</summary>
internal sealed record DecisionChainLink(
    int Id, int? SupersedesId, int VersionNumber, DecisionStatus Status, DecisionOutcome Outcome, string? AmendmentReason,
    DateTime CreatedAt, string CreatedById, DateTime? FinalisedAt, string? FinalisedById);

/// <summary>The version chain of a decision, shared by the decision form's history and the read-only decision page.</summary>
internal static class DecisionChain
{
    /// <summary>
    /// The versions linked to <paramref name="decisionId"/> through "supersedes" in either direction, oldest first;
    /// empty when the decision does not exist. The caller checks the reader's role.
    /// </summary>
    public static async Task<IReadOnlyList<DecisionChainLink>> LoadAsync(MdtReviewDbContext db, int decisionId, CancellationToken cancellationToken)
    {
        // A chain never leaves its patient, and a patient has few decisions: load them all and walk the links in memory.
        var links = await db.Decisions.AsNoTracking()
            .Where(x => x.PatientId == db.Decisions.Where(d => d.Id == decisionId).Select(d => d.PatientId).FirstOrDefault())
            .Select(x => new DecisionChainLink(x.Id, x.SupersedesId, x.VersionNumber, x.Status, x.Outcome, x.AmendmentReason, x.CreatedAt, x.CreatedById, x.FinalisedAt, x.FinalisedById))
            .ToListAsync(cancellationToken);
        var byId = links.ToDictionary(l => l.Id);
        if (!byId.TryGetValue(decisionId, out var root))
        {
            return [];
        }

        var children = links.Where(l => l.SupersedesId is not null).ToLookup(l => l.SupersedesId!.Value);
        var seen = new HashSet<int> { root.Id };
        while (root.SupersedesId is int parent && byId.TryGetValue(parent, out var older) && seen.Add(older.Id))
        {
            root = older;
        }

        var chain = new List<DecisionChainLink>();
        var queue = new Queue<DecisionChainLink>([root]);
        var visited = new HashSet<int>();
        while (queue.TryDequeue(out var link))
        {
            if (!visited.Add(link.Id))
            {
                continue;
            }

            chain.Add(link);
            foreach (var child in children[link.Id])
            {
                queue.Enqueue(child);
            }
        }

        return [.. chain.OrderBy(c => c.VersionNumber).ThenBy(c => c.Id)];
    }
}
