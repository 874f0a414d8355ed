"""Expected failures are data: a code, the field it concerns, and a message in kk and ru.

    DomainError                 raised by resolvers, turned into a coded GraphQL error or a
    └── carries ErrorCode       `userErrors` entry by the schema layer; never a stack trace

    ErrorCode
    ├── protocol     BAD_REQUEST (not a GraphQL request: wrong method, body, operation name),
    │                QUERY_TOO_COMPLEX (depth, aliases, tokens), TOKEN_IN_URL
    ├── availability SERVICE_UNAVAILABLE (the database cannot be reached)
    ├── input        INVALID_BIN, INVALID_IIN, INVALID_PHONE, INVALID_EMAIL, INVALID_ID,
    │                INVALID_CURSOR, PAGE_SIZE_OUT_OF_RANGE, INVALID_DATE_RANGE, TEXT_TOO_LONG,
    │                TOO_MANY_VALUES, INVALID_ROLE, INVALID_SUBJECT, BAD_USER_INPUT,
    │                INVALID_CHARACTERS (control characters in any text sent),
    │                ONE_OF_REQUIRED, REQUIRED, DUPLICATE_VALUES, DATE_IN_FUTURE,
    │                DATE_TOO_EARLY, CHANGE_NOT_FOR_REASON (a reissue change its reason does
    │                not cover), REISSUE_ALREADY_PENDING (one open reissue per licence),
    │                IIN_BIRTH_DATE_MISMATCH, BIRTH_DATE_IMPLAUSIBLE, EXPERIENCE_IMPLAUSIBLE
    ├── access       UNAUTHENTICATED, FORBIDDEN, RATE_LIMITED (429, with Retry-After)
    ├── state        NOT_FOUND, ILLEGAL_TRANSITION (names the state and what it allows),
    │                VERSION_CONFLICT, IDEMPOTENCY_KEY_REUSED, and the lifecycle's guards:
    │                CONCLUSION_NOT_POSITIVE, PRELIMINARY_NOTICE_TOO_LATE, HEARING_OUTSIDE_WINDOW,
    │                OBJECTION_TOO_LATE, HEARING_OUTCOME_MISMATCH, SATISFACTION_TOO_LATE;
    │                the specialists register's: REASONS_REQUIRED, SPECIALIST_ALREADY_REGISTERED,
    │                SPECIALIST_APPLICATION_PENDING (one open application per IIN)
    ├── protocol     GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, PERSISTED_QUERY_NOT_FOUND,
    │                PERSISTED_QUERY_HASH_MISMATCH, PERSISTED_QUERY_NOT_SUPPORTED (APQ),
    │                PAYLOAD_TOO_LARGE (a body beyond server.MAX_BODY_*)
    └── bug          INTERNAL_SERVER_ERROR (the message says nothing of the cause)

Exceptions other than DomainError are bugs: logged, and answered as INTERNAL_SERVER_ERROR.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum, StrEnum

from domain.labels import Label, Lang, has_label, label_of, register_labels

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
    ONE_OF_REQUIRED = "ONE_OF_REQUIRED"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    TOKEN_IN_URL = "TOKEN_IN_URL"  # noqa: S105  (an error code, not a secret)
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    DUPLICATE_VALUES = "DUPLICATE_VALUES"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    DATE_TOO_EARLY = "DATE_TOO_EARLY"
    CHANGE_NOT_FOR_REASON = "CHANGE_NOT_FOR_REASON"
    REISSUE_ALREADY_PENDING = "REISSUE_ALREADY_PENDING"
    ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION"
    VERSION_CONFLICT = "VERSION_CONFLICT"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    GROUNDS_REQUIRED = "GROUNDS_REQUIRED"
    MISSING_DOCUMENTS_REQUIRED = "MISSING_DOCUMENTS_REQUIRED"
    CONCLUSION_NOT_POSITIVE = "CONCLUSION_NOT_POSITIVE"
    PRELIMINARY_NOTICE_TOO_LATE = "PRELIMINARY_NOTICE_TOO_LATE"
    HEARING_OUTSIDE_WINDOW = "HEARING_OUTSIDE_WINDOW"
    OBJECTION_TOO_LATE = "OBJECTION_TOO_LATE"
    HEARING_OUTCOME_MISMATCH = "HEARING_OUTCOME_MISMATCH"
    HEARING_NOT_YET_HELD = "HEARING_NOT_YET_HELD"
    LICENCE_ALREADY_HELD = "LICENCE_ALREADY_HELD"
    INVALID_VALUE = "INVALID_VALUE"
    SATISFACTION_TOO_LATE = "SATISFACTION_TOO_LATE"
    PERSONAL_DATA_CONSENT_REQUIRED = "PERSONAL_DATA_CONSENT_REQUIRED"
    INVALID_CHARACTERS = "INVALID_CHARACTERS"
    RATE_LIMITED = "RATE_LIMITED"
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
    PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    REASONS_REQUIRED = "REASONS_REQUIRED"
    IIN_BIRTH_DATE_MISMATCH = "IIN_BIRTH_DATE_MISMATCH"
    BIRTH_DATE_IMPLAUSIBLE = "BIRTH_DATE_IMPLAUSIBLE"
    EXPERIENCE_IMPLAUSIBLE = "EXPERIENCE_IMPLAUSIBLE"
    SPECIALIST_ALREADY_REGISTERED = "SPECIALIST_ALREADY_REGISTERED"
    SPECIALIST_APPLICATION_PENDING = "SPECIALIST_APPLICATION_PENDING"
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
        ErrorCode.ONE_OF_REQUIRED: Label(
            kk="Мыналардың дәл біреуін көрсетіңіз: {fields}.",
            ru="Укажите ровно одно из: {fields}.",
        ),
        ErrorCode.QUERY_TOO_COMPLEX: Label(
            kk="Сұрау тым күрделі: {limit}.",
            ru="Слишком сложный запрос: {limit}.",
        ),
        ErrorCode.TOKEN_IN_URL: Label(
            kk="Токенді тек Authorization тақырыбында жіберіңіз, URL-да емес.",
            ru="Передавайте токен только в заголовке Authorization, не в URL.",
        ),
        ErrorCode.SERVICE_UNAVAILABLE: Label(
            kk="Қызмет уақытша қолжетімсіз. Кейінірек қайталап көріңіз.",
            ru="Сервис временно недоступен. Повторите попытку позже.",
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
        ErrorCode.REQUIRED: Label(
            kk="Міндетті өріс толтырылмаған.",
            ru="Обязательное поле не заполнено.",
        ),
        ErrorCode.DUPLICATE_VALUES: Label(
            kk="Бір мән бірнеше рет көрсетілген.",
            ru="Одно и то же значение указано несколько раз.",
        ),
        ErrorCode.DATE_IN_FUTURE: Label(
            kk="Күн болашақта болмауы керек.",
            ru="Дата не может быть в будущем.",
        ),
        ErrorCode.DATE_TOO_EARLY: Label(
            kk="Күн {earliest} күнінен ерте болмауы керек.",
            ru="Дата не может быть раньше {earliest}.",
        ),
        ErrorCode.CHANGE_NOT_FOR_REASON: Label(
            kk="Бұл өзгеріс «{reason}» қайта ресімдеу негізіне жатпайды.",
            ru="Это изменение не относится к основанию переоформления «{reason}».",
        ),
        ErrorCode.REISSUE_ALREADY_PENDING: Label(
            kk="Бұл лицензия бойынша әлі қаралмаған қайта ресімдеу өтініші бар.",
            ru="По этой лицензии уже есть нерассмотренное заявление на переоформление.",
        ),
        ErrorCode.ILLEGAL_TRANSITION: Label(
            kk="«{state}» күйінде бұл әрекет мүмкін емес. Мүмкін әрекеттер: {allowed}.",
            ru="В состоянии «{state}» это действие невозможно. Возможные действия: {allowed}.",
        ),
        ErrorCode.VERSION_CONFLICT: Label(
            kk="Жазбаны басқа біреу өзгертті: қазіргі нұсқа {current}. Жаңартып, қайталаңыз.",
            ru="Запись изменил кто-то другой: текущая версия {current}. Обновите и повторите.",
        ),
        ErrorCode.IDEMPOTENCY_KEY_REUSED: Label(
            kk="Бұл идемпотенттік кілт басқа деректермен қолданылған.",
            ru="Этот ключ идемпотентности уже использован с другими данными.",
        ),
        ErrorCode.GROUNDS_REQUIRED: Label(
            kk="Кемінде бір негіз көрсетіңіз.",
            ru="Укажите хотя бы одно основание.",
        ),
        ErrorCode.MISSING_DOCUMENTS_REQUIRED: Label(
            kk="Жетіспейтін немесе мерзімі өткен құжаттарды тізіп жазыңыз (2-1-қосымша).",
            ru="Перечислите недостающие или просроченные документы (приложение 2-1).",
        ),
        ErrorCode.CONCLUSION_NOT_POSITIVE: Label(
            kk="Қорытынды оң емес: алдын ала бас тарту шығарыңыз.",
            ru="Заключение не положительное: вынесите предварительный отказ.",
        ),
        ErrorCode.PRELIMINARY_NOTICE_TOO_LATE: Label(
            kk="Тыңдау туралы хабарлама мерзім аяқталғанға дейін кемінде 3 жұмыс күні бұрын "
            "жіберілуі керек (21-т.); мерзім: {due}.",
            ru="Уведомление о заслушивании направляется не позднее чем за 3 рабочих дня до "
            "окончания срока (п. 21); срок: {due}.",
        ),
        ErrorCode.HEARING_OUTSIDE_WINDOW: Label(
            kk="Тыңдау болашақта, жұмыс күні 09:00-18:30 аралығында, хабарлама күнінен бастап 3 "
            "жұмыс күні ішінде өтеді (21-т.); ең кеші: {latest}.",
            ru="Заслушивание назначается на будущее время, в рабочий день с 09:00 до 18:30, не "
            "позднее 3 рабочих дней со дня уведомления (п. 21); не позднее {latest}.",
        ),
        ErrorCode.OBJECTION_TOO_LATE: Label(
            kk="Қарсылық алдын ала шешімді алған күннен бастап 3 жұмыс күні ішінде беріледі "
            "(23-т.).",
            ru="Возражение подается в течение 3 рабочих дней со дня получения "
            "предварительного решения (п. 23).",
        ),
        ErrorCode.LICENCE_ALREADY_HELD: Label(
            kk="Өтініш берушіде қолданыстағы лицензия бар ({number}): оны қайта ресімдеуге өтініш "
            "беріңіз.",
            ru="У заявителя уже есть действующая лицензия ({number}): подайте заявление на ее "
            "переоформление.",
        ),
        ErrorCode.INVALID_VALUE: Label(
            kk="Өрістің мәні рұқсат етілмеген.",
            ru="Недопустимое значение поля.",
        ),
        ErrorCode.HEARING_NOT_YET_HELD: Label(
            kk="Тыңдау әлі өткен жоқ: ол {at} (Алматы уақыты) тағайындалған.",
            ru="Заслушивание еще не проведено: оно назначено на {at} (время Алматы).",
        ),
        ErrorCode.HEARING_OUTCOME_MISMATCH: Label(
            kk="Бұл шешім тыңдау нәтижесіне сәйкес келмейді.",
            ru="Это решение не соответствует итогам заслушивания.",
        ),
        ErrorCode.SATISFACTION_TOO_LATE: Label(
            kk="Шағымды тек 3 жұмыс күні ішінде толық қанағаттандыруға болады (40-т.); {due} "
            "мерзімі өтті: шағымды әкімшілік іспен бірге қарайтын органға жіберіңіз (39-т.).",
            ru="Полностью удовлетворить жалобу можно только в течение 3 рабочих дней (п. 40); "
            "срок {due} истёк: направьте жалобу с административным делом в орган, "
            "рассматривающий её (п. 39).",
        ),
        ErrorCode.PERSONAL_DATA_CONSENT_REQUIRED: Label(
            kk="Қолжетімділігі шектеулі дербес деректерді пайдалануға келісім қажет.",
            ru="Требуется согласие на использование персональных данных ограниченного доступа.",
        ),
        ErrorCode.PERSISTED_QUERY_NOT_FOUND: Label(
            kk="Бұл хэш белгісіз: сұрау мәтінін хэшімен бірге жіберіңіз.",
            ru="Хэш неизвестен: пришлите текст запроса вместе с хэшем.",
        ),
        ErrorCode.PAYLOAD_TOO_LARGE: Label(
            kk="Сұрау денесі тым үлкен.",
            ru="Тело запроса слишком велико.",
        ),
        ErrorCode.PERSISTED_QUERY_HASH_MISMATCH: Label(
            kk="sha256Hash сұрау мәтінінің SHA-256 хэшіне сәйкес келмейді.",
            ru="sha256Hash не совпадает с SHA-256 текста запроса.",
        ),
        ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED: Label(
            kk="persistedQuery тек 1-нұсқада қолдау табады.",
            ru="persistedQuery поддерживается только в версии 1.",
        ),
        ErrorCode.RATE_LIMITED: Label(
            kk="Сұраулар тым жиі: Retry-After тақырыбында көрсетілген секундтан кейін қайталаңыз.",
            ru="Слишком много запросов: повторите через число секунд из заголовка Retry-After.",
        ),
        ErrorCode.INVALID_CHARACTERS: Label(
            kk="Мәтінде басқару таңбалары (мысалы, U+0000) болмауы керек.",
            ru="Текст не должен содержать управляющие символы (например, U+0000).",
        ),
        ErrorCode.REASONS_REQUIRED: Label(
            kk="Кемінде бір себеп көрсетіңіз.",
            ru="Укажите хотя бы одну причину.",
        ),
        ErrorCode.IIN_BIRTH_DATE_MISMATCH: Label(
            kk="ЖСН-нің алғашқы 6 цифры туған күнге (ЖЖААКК) сәйкес келмейді.",
            ru="Первые 6 цифр ИИН не совпадают с датой рождения (ГГММДД).",
        ),
        ErrorCode.BIRTH_DATE_IMPLAUSIBLE: Label(
            kk="Туған күн сенімсіз: маманның жасы {min}-ден {max} жасқа дейін болуы керек.",
            ru="Неправдоподобная дата рождения: возраст специалиста должен быть от {min} до "
            "{max} лет.",
        ),
        ErrorCode.EXPERIENCE_IMPLAUSIBLE: Label(
            kk="Жұмыс өтілі {min} жастан бергі уақыттан ұзақ болмауы керек.",
            ru="Стаж работы не может быть больше времени, прошедшего с {min} лет.",
        ),
        ErrorCode.SPECIALIST_ALREADY_REGISTERED: Label(
            kk="Осы ЖСН-мен маман тізілімге енгізілген.",
            ru="Специалист с этим ИИН уже включен в реестр.",
        ),
        ErrorCode.SPECIALIST_APPLICATION_PENDING: Label(
            kk="Осы ЖСН-мен маманның өтінімі қаралуда немесе пысықтауда.",
            ru="Заявка на специалиста с этим ИИН уже рассматривается или на доработке.",
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
    """The message in `lang`; a parameter that is an enum member is shown by its label."""
    template = MESSAGES[code].text(lang)
    if not params:
        return template
    shown = {
        k: label_of(v).text(lang) if isinstance(v, Enum) and has_label(v) else v
        for k, v in params.items()
    }
    return template.format(**shown)


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
