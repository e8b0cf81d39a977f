"""Reading a scenario file's YAML with the line of every field, so a problem
can be reported where the trainer will find it.

Trainers write scenarios by hand, so the reading is stricter and plainer than
PyYAML's defaults:

- Only `true` and `false` are booleans. YAML 1.1 also reads yes, no, on and
  off as booleans, and a caller's answer "no" must stay the word "no".
- Numbers are plain decimals. YAML 1.1 reads 6:30 as 390 (base 60), and a
  time in a scenario is written exactly like that.
- Dates stay text; the scenario checks them itself.
- A key given twice is refused (PyYAML keeps the last one silently), and so
  are anchors and aliases (& and *): a scenario is read top to bottom by a
  person, and an alias would make one edit change two places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

FieldPath = tuple[str | int, ...]


class YamlProblem(ValueError):
    """The file can't be read as a scenario at all; `line` is 1-based."""

    def __init__(self, line: int, problem: str):
        self.line = line
        self.problem = problem
        super().__init__(f"line {line}: {problem}")


class _ScenarioLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2's plain booleans and numbers, no dates, and no aliases."""

    def compose_node(self, parent, index):  # PyYAML's name
        if self.check_event(yaml.AliasEvent):
            line = self.peek_event().start_mark.line + 1
            raise YamlProblem(line, "anchors and aliases (& and *) are not used in scenario files; "
                                    "write the value out in full")
        return super().compose_node(parent, index)


_ScenarioLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                           "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_ScenarioLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
_ScenarioLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_ScenarioLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)$"), list("-+.0123456789"))


@dataclass
class LocatedData:
    """Plain data (dicts, lists, text, numbers, booleans, None) and the line of each part.

    A field's line is the line of its key, where a person looks for it; a
    list entry's is the line where the entry starts.
    """

    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line_of(self, path: FieldPath) -> int:
        """The line of `path`, or of its nearest ancestor that has one (a missing field has none)."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


def read_located_yaml(text: str) -> LocatedData:
    """The document in `text` with its lines; `YamlProblem` if it isn't readable YAML."""
    loader = _ScenarioLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem(1, "the file is empty")
        located = LocatedData(None, {(): 1})
        located.data = _plain(loader, node, (), located.lines)
        return located
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        column = f", column {mark.column + 1}" if mark else ""
        # PyYAML's own words, in brackets: the reader needs the line and a hint.
        raise YamlProblem(line, f"this is not valid YAML here{column} ({error.problem})") from None
    except yaml.YAMLError as error:
        raise YamlProblem(1, f"this is not valid YAML ({error})") from None
    finally:
        loader.dispose()


def _plain(loader: _ScenarioLoader, node: yaml.Node, path: FieldPath, lines: dict[FieldPath, int]) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise YamlProblem(line, f"a field name must be a word, not {key!r}")
            if key in result:
                raise YamlProblem(line, f"the field '{key}' is given twice here; keep one")
            lines[(*path, key)] = line
            result[key] = _plain(loader, value_node, (*path, key), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            items.append(_plain(loader, item, (*path, index), lines))
        return items
    return loader.construct_object(node)
