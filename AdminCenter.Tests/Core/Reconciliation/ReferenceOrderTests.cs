using System.Text;
using AdminCenter.Core.Reconciliation;

namespace AdminCenter.Tests.Core.Reconciliation;

public sealed class ReferenceOrderTests
{
    [Theory]
    [InlineData("CP-1", "CP-2")]
    [InlineData("CP-1", "CP-10")]
    [InlineData("CP", "CP-1")]
    [InlineData("CP-Z", "cp-a")]
    [InlineData("CP-\uFF01", "CP-\U0001F600")] // U+FF01 sorts before U+1F600 in UTF-8 bytes, after its surrogates in UTF-16
    [InlineData("CP-\uE000", "CP-\U00010000")]
    [InlineData("CP-é", "CP-\uFFFD")]
    public void Orders_as_UTF8_bytes_do(string earlier, string later)
    {
        Assert.True(ReferenceOrder.Instance.Compare(earlier, later) < 0);
        Assert.True(ReferenceOrder.Instance.Compare(later, earlier) > 0);
        Assert.True(Encoding.UTF8.GetBytes(earlier).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(later)) < 0);
    }

    [Fact]
    public void Agrees_with_UTF8_byte_order_on_a_mixed_sample()
    {
        var random = new Random(7);
        string[] pieces = ["A", "z", "0", "-", "é", "ß", "中", "\uFF01", "\uE000", "\U0001F600", "\U00010000", "\uFFFD"];
        var sample = Enumerable.Range(0, 2000).Select(_ => "CP-" + string.Concat(Enumerable.Range(0, random.Next(1, 5)).Select(_ => pieces[random.Next(pieces.Length)]))).ToList();

        var byComparer = sample.Order(ReferenceOrder.Instance).ToList();
        var byBytes = sample.OrderBy(s => Encoding.UTF8.GetBytes(s), Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).ToList();

        Assert.Equal(byBytes, byComparer);
        Assert.NotEqual(byBytes, sample.Order(StringComparer.Ordinal).ToList());
    }
}
