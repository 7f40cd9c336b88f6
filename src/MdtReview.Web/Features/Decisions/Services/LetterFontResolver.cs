using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace MdtReview.Web.Features.Decisions.Services;

/// <summary>
/// Serves DejaVu Sans from the assembly's embedded resources (Features/Decisions/Fonts, with its licence), so letters
/// render identically on a server with no fonts installed. PDFsharp wants one resolver instance for the whole process.
/// </summary>
internal sealed class LetterFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly object _gate = new();
    private readonly ConcurrentDictionary<string, byte[]> _faces = new(StringComparer.Ordinal);

    public static LetterFontResolver Instance { get; } = new();

    private LetterFontResolver()
    {
    }

    /// <summary>Installs the resolver once; setting the same instance again is what PDFsharp expects on a web server.</summary>
    public static void EnsureInstalled()
    {
        lock (_gate)
        {
            if (!ReferenceEquals(GlobalFontSettings.FontResolver, Instance))
            {
                GlobalFontSettings.FontResolver = Instance;
            }
        }
    }

    // Every family maps to DejaVu Sans: the letter asks only for it, and a stray request must not reach for system fonts.
    // Italic is simulated by PDFsharp (the letter does not use it).
    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, false, italic);

    public byte[] GetFont(string faceName) => _faces.GetOrAdd(faceName, static name =>
    {
        var resource = $"MdtReview.Web.Fonts.{name}.ttf";
        using var stream = typeof(LetterFontResolver).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded font '{resource}' is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}
