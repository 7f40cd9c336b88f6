namespace MdtReview.Clinical.Tests.Support;

internal static class TestData
{
    public static string PathOf(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);
}
