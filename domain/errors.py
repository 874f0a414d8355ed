"""Expected failures are data: a code, the field it concerns, and a message in kk and ru.

    DomainError                 raised by resolvers, turned into a coded GraphQL error or a
    └── carries ErrorCode       `userErrors` entry by the schema layer; never a stack trace

    ErrorCode
    ├── protocol     BAD_REQUEST (not a GraphQL request: wrong method, body, operation name)
    ├── input        INVALID_BIN, INVALID_IIN, INVALID_PHONE, INVALID_EMAIL, INVALID_ID,
    │                INVALID_CURSOR, PAGE_SIZE_OUT_OF_RANGE, INVALID_DATE_RANGE, TEXT_TOO_LONG,
    │                TOO_MANY_VALUES, INVALID_ROLE, INVALID_SUBJECT, BAD_USER_INPUT
    ├── access       UNAUTHENTICATED, FORBIDDEN
    ├── state        NOT_FOUND
    ├── protocol     GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED
    └── bug          INTERNAL_SERVER_ERROR (the message says nothing of the cause)

Exceptions other than DomainError are bugs: logged, and answered as INTERNAL_SERVER_ERROR.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum

from domain.labels import Label, Lang, register_labels

__all__ = ["DomainError", "ErrorCode", "message"]


class ErrorCode(StrEnum):
    INVALID_BIN = "INVALID_BIN"
    INVALID_IIN = "INVALID_IIN"
    INVALID_PHONE = "INVALID_PHONE"
    INVALID_EMAIL = "INVALID_EMAIL"
    INVALID_ID = "INVALID_ID"
    INVALID_CURSOR = "INVALID_CURSOR"
    PAGE_SIZE_OUT_OF_RANGE = "PAGE_SIZE_OUT_OF_RANGE"
    INVALID_DATE_RANGE = "INVALID_DATE_RANGE"
    TEXT_TOO_LONG = "TEXT_TOO_LONG"
    TOO_MANY_VALUES = "TOO_MANY_VALUES"
    INVALID_ROLE = "INVALID_ROLE"
    INVALID_SUBJECT = "INVALID_SUBJECT"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    BAD_REQUEST = "BAD_REQUEST"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


MESSAGES = register_labels(
    ErrorCode,
    {
        ErrorCode.INVALID_BIN: Label(
            kk="БСН дұрыс емес: бақылау цифры дұрыс 12 цифр болуы керек.",
            ru="Неверный БИН: нужно 12 цифр с верной контрольной цифрой.",
        ),
        ErrorCode.INVALID_IIN: Label(
            kk="ЖСН дұрыс емес: бақылау цифры дұрыс 12 цифр болуы керек.",
            ru="Неверный ИИН: нужно 12 цифр с верной контрольной цифрой.",
        ),
        ErrorCode.INVALID_PHONE: Label(
            kk="Телефон нөмірі дұрыс емес: Қазақстан нөмірін көрсетіңіз, мысалы +77012345678.",
            ru="Неверный номер телефона: укажите казахстанский номер, например +77012345678.",
        ),
        ErrorCode.INVALID_EMAIL: Label(
            kk="Электрондық пошта мекенжайы дұрыс емес.",
            ru="Неверный адрес электронной почты.",
        ),
        ErrorCode.INVALID_ID: Label(
            kk="Идентификатор дұрыс емес немесе басқа түрдегі объектіге тиесілі.",
            ru="Неверный идентификатор или идентификатор объекта другого типа.",
        ),
        ErrorCode.INVALID_CURSOR: Label(
            kk="Курсор дұрыс емес: оны осы тізімнің сол сұрыптауымен алынған беттен алыңыз.",
            ru="Неверный курсор: берите его со страницы этого же списка с той же сортировкой.",
        ),
        ErrorCode.PAGE_SIZE_OUT_OF_RANGE: Label(
            kk="first 1-ден {max}-ге дейін болуы керек.",
            ru="first должен быть от 1 до {max}.",
        ),
        ErrorCode.INVALID_DATE_RANGE: Label(
            kk="Күндер аралығы дұрыс емес: басы соңынан кейін болмауы керек.",
            ru="Неверный диапазон дат: начало не может быть позже конца.",
        ),
        ErrorCode.TEXT_TOO_LONG: Label(
            kk="Мәтін тым ұзын: ең көбі {max} таңба.",
            ru="Слишком длинный текст: не более {max} символов.",
        ),
        ErrorCode.TOO_MANY_VALUES: Label(
            kk="Мәндер тым көп: ең көбі {max}.",
            ru="Слишком много значений: не более {max}.",
        ),
        ErrorCode.INVALID_ROLE: Label(
            kk="Мұндай рөл жоқ.",
            ru="Такой роли нет.",
        ),
        ErrorCode.INVALID_SUBJECT: Label(
            kk="Токен иесі бұл рөлге сәйкес келмейді: {reason}",
            ru="Субъект токена не подходит для этой роли: {reason}",
        ),
        ErrorCode.BAD_USER_INPUT: Label(
            kk="Сұраудың айнымалылары дұрыс емес.",
            ru="Неверные переменные запроса.",
        ),
        ErrorCode.BAD_REQUEST: Label(
            kk="HTTP сұрауы дұрыс емес.",
            ru="Неверный HTTP-запрос.",
        ),
        ErrorCode.UNAUTHENTICATED: Label(
            kk="Токен жарамсыз немесе кері қайтарылған.",
            ru="Токен недействителен или отозван.",
        ),
        ErrorCode.FORBIDDEN: Label(
            kk="Сіздің рөліңізге бұл әрекетке рұқсат жоқ.",
            ru="Вашей роли это действие не разрешено.",
        ),
        ErrorCode.NOT_FOUND: Label(
            kk="Объект табылмады.",
            ru="Объект не найден.",
        ),
        ErrorCode.GRAPHQL_PARSE_FAILED: Label(
            kk="Сұрау мәтінін талдау мүмкін болмады.",
            ru="Не удалось разобрать текст запроса.",
        ),
        ErrorCode.GRAPHQL_VALIDATION_FAILED: Label(
            kk="Сұрау схемаға сәйкес келмейді.",
            ru="Запрос не соответствует схеме.",
        ),
        ErrorCode.INTERNAL_SERVER_ERROR: Label(
            kk="Ішкі қате. Кейінірек қайталап көріңіз.",
            ru="Внутренняя ошибка. Повторите попытку позже.",
        ),
    },
)


def message(code: ErrorCode, lang: Lang, params: Mapping[str, object] | None = None) -> str:
    template = MESSAGES[code].text(lang)
    return template.format(**params) if params else template


class DomainError(Exception):
    """An expected refusal: the request was wrong, not the code."""

    def __init__(
        self,
        code: ErrorCode,
        field: Sequence[str] | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(code.value)
        self.code = code
        self.field = list(field) if field else None
        self.params = dict(params or {})

    def message(self, lang: Lang) -> str:
        return message(self.code, lang, self.params)
