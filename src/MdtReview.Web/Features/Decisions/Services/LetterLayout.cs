using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace MdtReview.Web.Features.Decisions.Services;

/// <summary>
/// A small top-to-bottom text layout over PDFsharp: wrapped paragraphs and label/value rows that flow onto new A4 pages,
/// with a footer on every page. PDFsharp draws single lines only, so wrapping is done here.
/// </summary>
internal sealed class LetterLayout : IDisposable
{
    private const double Margin = 56;
    private const double LabelWidth = 150;
    private const double FooterHeight = 28;

    private readonly PdfDocument _document;
    private readonly XFont _body = new(LetterFontResolver.Family, 10);
    private readonly XFont _bold = new(LetterFontResolver.Family, 10, XFontStyleEx.Bold);
    private readonly XFont _heading = new(LetterFontResolver.Family, 12.5, XFontStyleEx.Bold);
    private readonly XFont _title = new(LetterFontResolver.Family, 16, XFontStyleEx.Bold);
    private readonly XFont _small = new(LetterFontResolver.Family, 8);
    private XGraphics _graphics = default!;
    private PdfPage _page = default!;
    private double _y;

    public LetterLayout(PdfDocument document)
    {
        _document = document;
        NewPage();
    }

    private double Width => _page.Width.Point - (2 * Margin);

    public void Title(string text)
    {
        Lines(text, _title, Margin, Width);
        _y += 6;
    }

    public void Heading(string text)
    {
        var height = _heading.GetHeight() + (3 * _body.GetHeight());
        EnsureSpace(height);
        _y += 8;
        Lines(text, _heading, Margin, Width);
        _graphics.DrawLine(XPens.DarkGray, Margin, _y + 1, Margin + Width, _y + 1);
        _y += 5;
    }

    public void Paragraph(string text, bool bold = false)
    {
        Lines(text, bold ? _bold : _body, Margin, Width);
        _y += 4;
    }

    /// <summary>A bold label in the left column and its wrapped value beside it.</summary>
    public void Row(string label, string value)
    {
        var labelLines = Wrap(label, _bold, LabelWidth - 8);
        var valueLines = Wrap(value, _body, Width - LabelWidth);
        var lineHeight = _body.GetHeight();
        EnsureSpace(lineHeight * Math.Min(3, Math.Max(labelLines.Count, valueLines.Count)));
        var top = _y;
        DrawLines(labelLines, _bold, Margin);
        var labelBottom = _y;
        _y = top;
        DrawLines(valueLines, _body, Margin + LabelWidth);
        _y = Math.Max(_y, labelBottom) + 2;
    }

    public void Space(double points) => _y += points;

    /// <summary>Writes "page i of n" and <paramref name="footer"/> on every page; call once, after the content.</summary>
    public void Finish(string footer)
    {
        _graphics.Dispose();
        for (var i = 0; i < _document.PageCount; i++)
        {
            var page = _document.Pages[i];
            using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var top = page.Height.Point - Margin + 8;
            graphics.DrawString(footer, _small, XBrushes.DimGray, new XRect(Margin, top, page.Width.Point - (2 * Margin), 10), XStringFormats.TopLeft);
            graphics.DrawString($"Page {i + 1} of {_document.PageCount}", _small, XBrushes.DimGray,
                new XRect(Margin, top, page.Width.Point - (2 * Margin), 10), XStringFormats.TopRight);
        }
    }

    public void Dispose() => _graphics.Dispose();

    private void Lines(string text, XFont font, double x, double width) => DrawLines(Wrap(text, font, width), font, x);

    private void DrawLines(List<string> lines, XFont font, double x)
    {
        var height = font.GetHeight();
        foreach (var line in lines)
        {
            EnsureSpace(height);
            _graphics.DrawString(line, font, XBrushes.Black, new XRect(x, _y, Width, height), XStringFormats.TopLeft);
            _y += height;
        }
    }

    private void EnsureSpace(double height)
    {
        if (_y + height > _page.Height.Point - Margin - FooterHeight)
        {
            _graphics.Dispose();
            NewPage();
        }
    }

    private void NewPage()
    {
        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    /// <summary>Greedy word wrap; explicit line breaks are kept and a word wider than the column is split.</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (_graphics.MeasureString(candidate, font).Width <= width)
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line);
                }

                line = word;
                while (line.Length > 1 && _graphics.MeasureString(line, font).Width > width)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && _graphics.MeasureString(line[..cut], font).Width > width)
                    {
                        cut--;
                    }

                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }

            lines.Add(line);
        }

        return lines;
    }
}
