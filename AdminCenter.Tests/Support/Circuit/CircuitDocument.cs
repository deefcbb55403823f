using static AdminCenter.Tests.Support.Circuit.RenderBatch;

namespace AdminCenter.Tests.Support.Circuit;

/// <summary>
/// What a browser would show for one circuit, kept as Blazor's own browser renderer keeps it: each component a container
/// of logical children (regions flattened into their parent), render batches applied as edits. Elements keep their
/// attributes and their event handler ids, which is all a client needs to find a field or a link and act on it.
/// </summary>
public sealed partial class CircuitDocument
{
    private readonly Dictionary<int, Container> components = [];
    private readonly List<Container> roots = [];

    public abstract class Node
    {
        public Node? Parent { get; internal set; }

        internal List<Node>? ChildList { get; init; }
    }

    /// <summary>A component's place in the document: its children are what it rendered.</summary>
    public sealed class Container : Node
    {
        public Container(int componentId)
        {
            ComponentId = componentId;
            ChildList = [];
        }

        public int ComponentId { get; }
    }

    public sealed class Element : Node
    {
        public Element(string name, int componentId)
        {
            Name = name;
            ComponentId = componentId;
            ChildList = [];
        }

        public string Name { get; }

        /// <summary>The component that rendered it (the browser sends it with a field's value).</summary>
        public int ComponentId { get; }

        public Dictionary<string, string?> Attributes { get; } = new(StringComparer.Ordinal);

        /// <summary>Event handler ids by event name ("click", "keydown").</summary>
        public Dictionary<string, ulong> Handlers { get; } = new(StringComparer.Ordinal);

        public string? this[string attribute] => Attributes.GetValueOrDefault(attribute);

        /// <summary>The text in it, as a reader sees it (markup included as it is written).</summary>
        public string Text() => string.Concat(Descendants(this).Select(n => n switch
        {
            TextNode t => t.Content,
            MarkupNode m => m.Content,
            _ => "",
        }));
    }

    public sealed class TextNode(string content) : Node
    {
        public string Content { get; internal set; } = content;
    }

    public sealed class MarkupNode(string content) : Node
    {
        public string Content { get; internal set; } = content;
    }

    public void AttachRoot(int componentId, string selector)
    {
        _ = selector;
        var root = ContainerFor(componentId);
        if (!roots.Contains(root))
        {
            roots.Add(root);
        }
    }

    /// <summary>Every node in document order.</summary>
    public IEnumerable<Node> Nodes() => roots.SelectMany(Descendants);

    /// <summary>Every element in document order.</summary>
    public IEnumerable<Element> Elements() => Nodes().OfType<Element>();

    public IEnumerable<Element> Elements(Func<Element, bool> match) => Elements().Where(match);

    /// <summary>
    /// Every link's address in document order, also those inside markup (the app writes long tables' rows as markup, which
    /// a browser parses into the same anchors).
    /// </summary>
    public static IEnumerable<string> Links(Node within) => Descendants(within).SelectMany(n => n switch
    {
        Element { Name: "a" } a when a["href"] is { } href => [href],
        MarkupNode m => MarkupLink().Matches(m.Content).Select(l => System.Net.WebUtility.HtmlDecode(l.Groups[1].Value)),
        _ => [],
    });

    public IEnumerable<string> Links() => roots.SelectMany(Links);

    /// <summary>Whether an element with this data-testid is on the page, as an element or inside markup.</summary>
    public bool Has(string testId) =>
        Nodes().Any(n => n switch
        {
            Element e => e["data-testid"] == testId,
            MarkupNode m => m.Content.Contains($"data-testid=\"{testId}\"", StringComparison.Ordinal),
            _ => false,
        });

    public static IEnumerable<Node> Descendants(Node node)
    {
        foreach (var child in node.ChildList ?? [])
        {
            yield return child;
            foreach (var below in Descendants(child))
            {
                yield return below;
            }
        }
    }

    public void Apply(RenderBatch batch)
    {
        foreach (var diff in batch.Diffs)
        {
            ApplyEdits(diff.ComponentId, diff.Edits, batch.Frames);
        }

        foreach (var id in batch.DisposedComponents)
        {
            if (components.Remove(id, out var gone))
            {
                roots.Remove(gone);
            }
        }

        if (batch.DisposedHandlers.Count > 0)
        {
            var disposed = batch.DisposedHandlers.ToHashSet();
            foreach (var element in Elements().Where(e => e.Handlers.Count > 0))
            {
                foreach (var name in element.Handlers.Where(h => disposed.Contains(h.Value)).Select(h => h.Key).ToList())
                {
                    element.Handlers.Remove(name);
                }
            }
        }
    }

    private Container ContainerFor(int componentId)
    {
        if (!components.TryGetValue(componentId, out var container))
        {
            container = new Container(componentId);
            components[componentId] = container;
        }

        return container;
    }

    private void ApplyEdits(int componentId, IReadOnlyList<Edit> edits, IReadOnlyList<Frame> frames)
    {
        Node parent = ContainerFor(componentId);
        var depth = 0;
        var permutations = new List<(int From, int To)>();
        foreach (var edit in edits)
        {
            var children = parent.ChildList!;
            switch (edit.Type)
            {
                case EditType.PrependFrame:
                    InsertFrame(componentId, parent, edit.SiblingIndex, frames, edit.ReferenceFrameIndex);
                    break;
                case EditType.RemoveFrame:
                    children[edit.SiblingIndex].Parent = null;
                    children.RemoveAt(edit.SiblingIndex);
                    break;
                case EditType.SetAttribute:
                    SetAttribute((Element)children[edit.SiblingIndex], frames[edit.ReferenceFrameIndex]);
                    break;
                case EditType.RemoveAttribute:
                    var element = (Element)children[edit.SiblingIndex];
                    element.Attributes.Remove(edit.RemovedAttributeName!);
                    if (edit.RemovedAttributeName!.StartsWith("on", StringComparison.Ordinal))
                    {
                        element.Handlers.Remove(edit.RemovedAttributeName[2..]);
                    }

                    break;
                case EditType.UpdateText:
                    ((TextNode)children[edit.SiblingIndex]).Content = frames[edit.ReferenceFrameIndex].Name ?? "";
                    break;
                case EditType.UpdateMarkup:
                    ((MarkupNode)children[edit.SiblingIndex]).Content = frames[edit.ReferenceFrameIndex].Name ?? "";
                    break;
                case EditType.StepIn:
                    parent = children[edit.SiblingIndex];
                    depth++;
                    break;
                case EditType.StepOut:
                    parent = parent.Parent!;
                    depth--;
                    break;
                case EditType.PermutationListEntry:
                    permutations.Add((edit.SiblingIndex, edit.ReferenceFrameIndex));
                    break;
                case EditType.PermutationListEnd:
                    var before = children.ToList();
                    foreach (var (from, to) in permutations)
                    {
                        children[to] = before[from];
                    }

                    permutations.Clear();
                    break;
                default:
                    throw new InvalidOperationException($"unknown edit type {edit.Type} in component {componentId} at depth {depth}");
            }
        }
    }

    /// <summary>Inserts a frame (and its subtree) at <paramref name="index"/>; answers how many logical children it made.</summary>
    private int InsertFrame(int componentId, Node parent, int index, IReadOnlyList<Frame> frames, int at)
    {
        var frame = frames[at];
        switch (frame.Type)
        {
            case FrameType.Element:
                var element = new Element(frame.Name!, componentId) { Parent = parent };
                parent.ChildList!.Insert(index, element);
                var end = at + frame.SubtreeLength;
                var child = at + 1;
                for (; child < end && frames[child].Type == FrameType.Attribute; child++)
                {
                    SetAttribute(element, frames[child]);
                }

                InsertRange(componentId, element, 0, frames, child, end);
                return 1;
            case FrameType.Text:
                parent.ChildList!.Insert(index, new TextNode(frame.Name ?? "") { Parent = parent });
                return 1;
            case FrameType.Markup:
                parent.ChildList!.Insert(index, new MarkupNode(frame.Name ?? "") { Parent = parent });
                return 1;
            case FrameType.Component:
                var container = ContainerFor(frame.ComponentId);
                container.Parent = parent;
                parent.ChildList!.Insert(index, container);
                return 1;
            case FrameType.Region:
                return InsertRange(componentId, parent, index, frames, at + 1, at + frame.SubtreeLength);
            default:
                return 0;
        }
    }

    private int InsertRange(int componentId, Node parent, int index, IReadOnlyList<Frame> frames, int start, int end)
    {
        var first = index;
        for (var at = start; at < end; at += frames[at].SubtreeLength)
        {
            index += InsertFrame(componentId, parent, index, frames, at);
        }

        return index - first;
    }

    private static void SetAttribute(Element element, Frame attribute)
    {
        var name = attribute.Name!;
        if (attribute.EventHandlerId != 0 && name.StartsWith("on", StringComparison.Ordinal))
        {
            element.Handlers[name[2..]] = attribute.EventHandlerId;
            return;
        }

        element.Attributes[name] = attribute.Value;
    }

    [System.Text.RegularExpressions.GeneratedRegex("<a\\s[^>]*?href=\"([^\"]*)\"")]
    private static partial System.Text.RegularExpressions.Regex MarkupLink();
}
