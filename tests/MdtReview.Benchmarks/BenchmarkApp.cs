namespace MdtReview.Benchmarks;

/// <summary>One benchmark: a name for the command line, a line of help, and the run.</summary>
internal interface IBenchmark
{
    string Name { get; }
    string Usage { get; }
    Task<int> RunAsync(BenchmarkArguments arguments, TextWriter output, CancellationToken cancellationToken);
}

/// <summary>
/// <c>dotnet run -c Release --project tests/MdtReview.Benchmarks -- &lt;benchmark&gt; [options]</c>. Add a benchmark by
/// implementing <see cref="IBenchmark"/> and listing it in <see cref="All"/>. Exit codes as the CLI: 0 done, 2 bad usage.
/// </summary>
internal static class BenchmarkApp
{
    private static readonly IReadOnlyList<IBenchmark> _all = [new ListQueryBenchmark(), new ReviewPageBenchmark()];

    public static IReadOnlyList<IBenchmark> All => _all;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var benchmark = args.Length > 0 ? _all.FirstOrDefault(b => b.Name == args[0]) : null;
        if (benchmark is null)
        {
            await error.WriteLineAsync(args.Length == 0 ? "Name a benchmark." : $"Unknown benchmark: {args[0]}");
            await error.WriteLineAsync("Usage: dotnet run -c Release --project tests/MdtReview.Benchmarks -- <benchmark> [options]");
            foreach (var b in _all)
            {
                await error.WriteLineAsync($"  {b.Name,-12} {b.Usage}");
            }

            return 2;
        }

        if (!BenchmarkArguments.TryParse(args[1..], out var arguments, out var problem))
        {
            await error.WriteLineAsync(problem);
            await error.WriteLineAsync($"  {benchmark.Name,-12} {benchmark.Usage}");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return await benchmark.RunAsync(arguments, output, cancel.Token);
    }
}

/// <summary><c>--name value</c> options.</summary>
internal sealed class BenchmarkArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static bool TryParse(string[] args, out BenchmarkArguments arguments, out string? problem)
    {
        arguments = new BenchmarkArguments();
        problem = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                problem = $"Expected --option value, got '{args[i]}'.";
                return false;
            }

            arguments._values[args[i][2..]] = args[++i];
        }

        return true;
    }

    public string? Text(string name) => _values.GetValueOrDefault(name);

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var text)
            ? int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new ArgumentException($"--{name} must be a positive whole number, not '{text}'.")
            : fallback;
}
