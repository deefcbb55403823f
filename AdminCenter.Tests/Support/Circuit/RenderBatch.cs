using System.Buffers.Binary;
using System.Text;

namespace AdminCenter.Tests.Support.Circuit;

/// <summary>
/// One render batch as Blazor Server sends it to the browser (<c>JS.RenderBatch</c>), read from its binary form: fixed-size
/// edits and frames, strings in a table at the end, and the five offsets of the sections last.
/// </summary>
public sealed class RenderBatch
{
    private const int FrameSize = 20;
    private const int EditSize = 16;

    private RenderBatch(IReadOnlyList<ComponentDiff> diffs, IReadOnlyList<Frame> frames, IReadOnlyList<int> disposedComponents, IReadOnlyList<ulong> disposedHandlers)
    {
        Diffs = diffs;
        Frames = frames;
        DisposedComponents = disposedComponents;
        DisposedHandlers = disposedHandlers;
    }

    public IReadOnlyList<ComponentDiff> Diffs { get; }

    /// <summary>The reference frames the edits point into.</summary>
    public IReadOnlyList<Frame> Frames { get; }

    public IReadOnlyList<int> DisposedComponents { get; }

    public IReadOnlyList<ulong> DisposedHandlers { get; }

    public static RenderBatch Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 20)
        {
            throw new FormatException($"a render batch of {data.Length} bytes is shorter than its own table of sections");
        }

        var tail = data.Length - 20;
        var diffsAt = Int(data, tail);
        var framesAt = Int(data, tail + 4);
        var disposedComponentsAt = Int(data, tail + 8);
        var disposedHandlersAt = Int(data, tail + 12);
        var stringsAt = Int(data, tail + 16);

        var strings = new string[(tail - stringsAt) / 4];
        for (var i = 0; i < strings.Length; i++)
        {
            var at = Int(data, stringsAt + (4 * i));
            var length = 0;
            var shift = 0;
            byte b;
            do
            {
                b = data[at++];
                length |= (b & 0x7f) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);
            strings[i] = Encoding.UTF8.GetString(data.Slice(at, length));
        }

        string? Text(int index) => index < 0 ? null : strings[index];

        var frames = new Frame[Int(data, framesAt)];
        for (var i = 0; i < frames.Length; i++)
        {
            var at = framesAt + 4 + (i * FrameSize);
            var type = (FrameType)Int(data, at);
            frames[i] = type switch
            {
                FrameType.Element => new Frame(type, Int(data, at + 4), Text(Int(data, at + 8)), null, 0, 0),
                FrameType.Text or FrameType.Markup => new Frame(type, 1, Text(Int(data, at + 4)), null, 0, 0),
                FrameType.Attribute => new Frame(type, 1, Text(Int(data, at + 4)), Text(Int(data, at + 8)), BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(at + 12, 8)), 0),
                FrameType.Component => new Frame(type, Int(data, at + 4), null, null, 0, Int(data, at + 8)),
                FrameType.Region => new Frame(type, Int(data, at + 4), null, null, 0, 0),
                _ => new Frame(type, 1, null, null, 0, 0),
            };
        }

        var diffs = new ComponentDiff[Int(data, diffsAt)];
        for (var i = 0; i < diffs.Length; i++)
        {
            var at = Int(data, diffsAt + 4 + (4 * i));
            var edits = new Edit[Int(data, at + 4)];
            for (var e = 0; e < edits.Length; e++)
            {
                var editAt = at + 8 + (e * EditSize);
                edits[e] = new Edit((EditType)Int(data, editAt), Int(data, editAt + 4), Int(data, editAt + 8), Text(Int(data, editAt + 12)));
            }

            diffs[i] = new ComponentDiff(Int(data, at), edits);
        }

        var disposedComponents = new int[Int(data, disposedComponentsAt)];
        for (var i = 0; i < disposedComponents.Length; i++)
        {
            disposedComponents[i] = Int(data, disposedComponentsAt + 4 + (4 * i));
        }

        var disposedHandlers = new ulong[Int(data, disposedHandlersAt)];
        for (var i = 0; i < disposedHandlers.Length; i++)
        {
            disposedHandlers[i] = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(disposedHandlersAt + 4 + (8 * i), 8));
        }

        return new RenderBatch(diffs, frames, disposedComponents, disposedHandlers);
    }

    private static int Int(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadInt32LittleEndian(data.Slice(at, 4));

    /// <summary>Blazor's RenderTreeFrameType, as numbered on the wire.</summary>
    public enum FrameType
    {
        None = 0,
        Element = 1,
        Text = 2,
        Attribute = 3,
        Component = 4,
        Region = 5,
        ElementReferenceCapture = 6,
        ComponentReferenceCapture = 7,
        Markup = 8,
        ComponentRenderMode = 9,
        NamedEvent = 10,
    }

    /// <summary>Blazor's RenderTreeEditType, as numbered on the wire.</summary>
    public enum EditType
    {
        PrependFrame = 1,
        RemoveFrame = 2,
        SetAttribute = 3,
        RemoveAttribute = 4,
        UpdateText = 5,
        StepIn = 6,
        StepOut = 7,
        UpdateMarkup = 8,
        PermutationListEntry = 9,
        PermutationListEnd = 10,
    }

    /// <summary>A frame: <paramref name="Name"/> is an element's or attribute's name, or a text's or markup's content.</summary>
    public sealed record Frame(FrameType Type, int SubtreeLength, string? Name, string? Value, ulong EventHandlerId, int ComponentId);

    /// <summary>An edit: <paramref name="ReferenceFrameIndex"/> is also the target of a permutation entry.</summary>
    public sealed record Edit(EditType Type, int SiblingIndex, int ReferenceFrameIndex, string? RemovedAttributeName);

    public sealed record ComponentDiff(int ComponentId, IReadOnlyList<Edit> Edits);
}
