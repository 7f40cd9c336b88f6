using MdtReview.Clinical.Tests.Support;

namespace MdtReview.Clinical.Tests.Recist;

/// <summary>The copied RECIST reference CSV files, read with the suite's one CSV reader.</summary>
internal static class RecistData
{
    public static string PathOf(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static List<Dictionary<string, string>> ReadCsv(params string[] parts) =>
        [.. Csv.Read(PathOf(parts)).Select(row => new Dictionary<string, string>(row, StringComparer.Ordinal))];
}
