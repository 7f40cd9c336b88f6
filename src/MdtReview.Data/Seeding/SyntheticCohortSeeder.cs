namespace MdtReview.Data.Seeding;

public sealed record SyntheticSeedResult(int Patients, long Rows, TimeSpan Elapsed)
{
    public override string ToString() => $"Wrote {Patients:N0} patients and {Rows:N0} rows in {Elapsed.TotalSeconds:N1} s.";
}

/// <summary>Builds a large deterministic synthetic cohort for benchmarks.</summary>
public sealed class SyntheticCohortSeeder
{
    public Task<SyntheticSeedResult> SeedAsync(int patients, int seed, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("The synthetic cohort generator is being written.");
}
