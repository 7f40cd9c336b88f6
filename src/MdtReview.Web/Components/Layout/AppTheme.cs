using MudBlazor;

namespace MdtReview.Web.Components.Layout;

public static class AppTheme
{
    // System font stack only: the app must work offline, so no web fonts.
    private static readonly string[] _fontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#005EB8",
            Secondary = "#00796B",
            AppbarBackground = "#003087",
            Error = "#C62828",
            Warning = "#B35C00",
            Success = "#2E7D32",
            // MudBlazor's default Info (#2196F3) is 3.1:1 on white and fails WCAG AA for text; this blue is 7.4:1.
            Info = "#01579B",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = _fontFamily },
            H1 = new H1Typography { FontFamily = _fontFamily },
            H2 = new H2Typography { FontFamily = _fontFamily },
            H3 = new H3Typography { FontFamily = _fontFamily },
            H4 = new H4Typography { FontFamily = _fontFamily, FontSize = "1.75rem" },
            H5 = new H5Typography { FontFamily = _fontFamily },
            H6 = new H6Typography { FontFamily = _fontFamily },
        },
    };
}
