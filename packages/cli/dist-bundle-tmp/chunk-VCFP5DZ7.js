import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  MdnsTransport,
  NAME_ENTRY,
  checkGroup,
  lookupResponse,
  queryFieldsOf
} from "./chunk-W74NIISL.js";
import {
  CredentialVerifier,
  ReplayWindow,
  currentLimits,
  requireRole
} from "./chunk-AGYS2BOI.js";
import {
  DISCOVERY_WINDOW_MS,
  checkFresh,
  signFields,
  verifyFields
} from "./chunk-GREZTAM7.js";
import {
  LIMITS,
  checkEntries,
  checkServiceId,
  itemBytes,
  jitter,
  newUuid,
  normalizeItem,
  normalizeTemplate
} from "./chunk-I7Y4U2ZV.js";
import {
  ANY_SERVER,
  AUDIENCE_HEADER,
  CERT_HEADER,
  PROOF_HEADER,
  RegistrarClient,
  defaultTransport,
  header,
  isTlsCall,
  lookupPackage,
  markTlsCall,
  require_api,
  require_descriptor,
  require_descriptor2,
  require_lodash,
  require_protobufjs,
  require_source_context,
  require_src,
  require_type,
  require_umd,
  serverCredentials,
  toServiceError
} from "./chunk-IKSWEGPT.js";
import {
  IPV4_SOURCE,
  IPV6_SOURCE,
  PORT_SOURCE
} from "./chunk-MT4BYXDY.js";
import {
  Subject
} from "./chunk-ZWHKMG5D.js";
import {
  requestDigest
} from "./chunk-FEDWZIOZ.js";
import {
  systemClock
} from "./chunk-A4HYEA5Q.js";
import {
  CredentialError,
  DiscoveryRejection,
  InternalError,
  InvalidArgumentError,
  LamaError,
  LimitError,
  NotStartedError,
  PermissionError,
  UnknownLeaseError,
  UnknownServiceError
} from "./chunk-2F4QKM7O.js";
import {
  DEFAULT_ANNOUNCE_INTERVAL_MS,
  DEFAULT_LIMITS,
  DEFAULT_MAX_LEASE_MS,
  DEFAULT_OWNER_LIMITS
} from "./chunk-532ZK4EG.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-5RG6R7ES.js";

// node_modules/@grpc/reflection/node_modules/@grpc/proto-loader/build/src/util.js
var require_util = __commonJS({
  "node_modules/@grpc/reflection/node_modules/@grpc/proto-loader/build/src/util.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.addCommonProtos = exports.loadProtosWithOptionsSync = exports.loadProtosWithOptions = void 0;
    var fs = __require("fs");
    var path = __require("path");
    var Protobuf = require_protobufjs();
    function addIncludePathResolver(root, includePaths) {
      const originalResolvePath = root.resolvePath;
      root.resolvePath = (origin, target) => {
        if (path.isAbsolute(target)) {
          return target;
        }
        for (const directory of includePaths) {
          const fullPath = path.join(directory, target);
          try {
            fs.accessSync(fullPath, fs.constants.R_OK);
            return fullPath;
          } catch (err) {
            continue;
          }
        }
        process.emitWarning(`${target} not found in any of the include paths ${includePaths}`);
        return originalResolvePath(origin, target);
      };
    }
    async function loadProtosWithOptions(filename, options) {
      const root = new Protobuf.Root();
      options = options || {};
      if (!!options.includeDirs) {
        if (!Array.isArray(options.includeDirs)) {
          return Promise.reject(new Error("The includeDirs option must be an array"));
        }
        addIncludePathResolver(root, options.includeDirs);
      }
      const loadedRoot = await root.load(filename, options);
      loadedRoot.resolveAll();
      return loadedRoot;
    }
    exports.loadProtosWithOptions = loadProtosWithOptions;
    function loadProtosWithOptionsSync(filename, options) {
      const root = new Protobuf.Root();
      options = options || {};
      if (!!options.includeDirs) {
        if (!Array.isArray(options.includeDirs)) {
          throw new Error("The includeDirs option must be an array");
        }
        addIncludePathResolver(root, options.includeDirs);
      }
      const loadedRoot = root.loadSync(filename, options);
      loadedRoot.resolveAll();
      return loadedRoot;
    }
    exports.loadProtosWithOptionsSync = loadProtosWithOptionsSync;
    function addCommonProtos() {
      const apiDescriptor = require_api();
      const descriptorDescriptor = require_descriptor();
      const sourceContextDescriptor = require_source_context();
      const typeDescriptor = require_type();
      Protobuf.common("api", apiDescriptor.nested.google.nested.protobuf.nested);
      Protobuf.common("descriptor", descriptorDescriptor.nested.google.nested.protobuf.nested);
      Protobuf.common("source_context", sourceContextDescriptor.nested.google.nested.protobuf.nested);
      Protobuf.common("type", typeDescriptor.nested.google.nested.protobuf.nested);
    }
    exports.addCommonProtos = addCommonProtos;
  }
});

// node_modules/@grpc/reflection/node_modules/@grpc/proto-loader/build/src/index.js
var require_src2 = __commonJS({
  "node_modules/@grpc/reflection/node_modules/@grpc/proto-loader/build/src/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.loadFileDescriptorSetFromObject = exports.loadFileDescriptorSetFromBuffer = exports.fromJSON = exports.loadSync = exports.load = exports.IdempotencyLevel = exports.isAnyExtension = exports.Long = void 0;
    var camelCase = require_lodash();
    var Protobuf = require_protobufjs();
    var descriptor = require_descriptor2();
    var util_1 = require_util();
    var Long = require_umd();
    exports.Long = Long;
    function isAnyExtension(obj) {
      return "@type" in obj && typeof obj["@type"] === "string";
    }
    exports.isAnyExtension = isAnyExtension;
    var IdempotencyLevel;
    (function(IdempotencyLevel2) {
      IdempotencyLevel2["IDEMPOTENCY_UNKNOWN"] = "IDEMPOTENCY_UNKNOWN";
      IdempotencyLevel2["NO_SIDE_EFFECTS"] = "NO_SIDE_EFFECTS";
      IdempotencyLevel2["IDEMPOTENT"] = "IDEMPOTENT";
    })(IdempotencyLevel = exports.IdempotencyLevel || (exports.IdempotencyLevel = {}));
    var descriptorOptions = {
      longs: String,
      enums: String,
      bytes: String,
      defaults: true,
      oneofs: true,
      json: true
    };
    function joinName(baseName, name) {
      if (baseName === "") {
        return name;
      } else {
        return baseName + "." + name;
      }
    }
    function isHandledReflectionObject(obj) {
      return obj instanceof Protobuf.Service || obj instanceof Protobuf.Type || obj instanceof Protobuf.Enum;
    }
    function isNamespaceBase(obj) {
      return obj instanceof Protobuf.Namespace || obj instanceof Protobuf.Root;
    }
    function getAllHandledReflectionObjects(obj, parentName) {
      const objName = joinName(parentName, obj.name);
      if (isHandledReflectionObject(obj)) {
        return [[objName, obj]];
      } else {
        if (isNamespaceBase(obj) && typeof obj.nested !== "undefined") {
          return Object.keys(obj.nested).map((name) => {
            return getAllHandledReflectionObjects(obj.nested[name], objName);
          }).reduce((accumulator, currentValue) => accumulator.concat(currentValue), []);
        }
      }
      return [];
    }
    function createDeserializer(cls, options) {
      return function deserialize(argBuf) {
        return cls.toObject(cls.decode(argBuf), options);
      };
    }
    function createSerializer(cls) {
      return function serialize(arg) {
        if (Array.isArray(arg)) {
          throw new Error(`Failed to serialize message: expected object with ${cls.name} structure, got array instead`);
        }
        const message = cls.fromObject(arg);
        return cls.encode(message).finish();
      };
    }
    function mapMethodOptions(options) {
      return (options || []).reduce((obj, item) => {
        for (const [key, value] of Object.entries(item)) {
          switch (key) {
            case "uninterpreted_option":
              obj.uninterpreted_option.push(item.uninterpreted_option);
              break;
            default:
              obj[key] = value;
          }
        }
        return obj;
      }, {
        deprecated: false,
        idempotency_level: IdempotencyLevel.IDEMPOTENCY_UNKNOWN,
        uninterpreted_option: []
      });
    }
    function createMethodDefinition(method, serviceName, options, fileDescriptors) {
      const requestType = method.resolvedRequestType;
      const responseType = method.resolvedResponseType;
      return {
        path: "/" + serviceName + "/" + method.name,
        requestStream: !!method.requestStream,
        responseStream: !!method.responseStream,
        requestSerialize: createSerializer(requestType),
        requestDeserialize: createDeserializer(requestType, options),
        responseSerialize: createSerializer(responseType),
        responseDeserialize: createDeserializer(responseType, options),
        // TODO(murgatroid99): Find a better way to handle this
        originalName: camelCase(method.name),
        requestType: createMessageDefinition(requestType, fileDescriptors),
        responseType: createMessageDefinition(responseType, fileDescriptors),
        options: mapMethodOptions(method.parsedOptions)
      };
    }
    function createServiceDefinition(service, name, options, fileDescriptors) {
      const def = {};
      for (const method of service.methodsArray) {
        def[method.name] = createMethodDefinition(method, name, options, fileDescriptors);
      }
      return def;
    }
    function createMessageDefinition(message, fileDescriptors) {
      const messageDescriptor = message.toDescriptor("proto3");
      return {
        format: "Protocol Buffer 3 DescriptorProto",
        type: messageDescriptor.$type.toObject(messageDescriptor, descriptorOptions),
        fileDescriptorProtos: fileDescriptors
      };
    }
    function createEnumDefinition(enumType, fileDescriptors) {
      const enumDescriptor = enumType.toDescriptor("proto3");
      return {
        format: "Protocol Buffer 3 EnumDescriptorProto",
        type: enumDescriptor.$type.toObject(enumDescriptor, descriptorOptions),
        fileDescriptorProtos: fileDescriptors
      };
    }
    function createDefinition(obj, name, options, fileDescriptors) {
      if (obj instanceof Protobuf.Service) {
        return createServiceDefinition(obj, name, options, fileDescriptors);
      } else if (obj instanceof Protobuf.Type) {
        return createMessageDefinition(obj, fileDescriptors);
      } else if (obj instanceof Protobuf.Enum) {
        return createEnumDefinition(obj, fileDescriptors);
      } else {
        throw new Error("Type mismatch in reflection object handling");
      }
    }
    function createPackageDefinition(root, options) {
      const def = {};
      root.resolveAll();
      const descriptorList = root.toDescriptor("proto3").file;
      const bufferList = descriptorList.map((value) => Buffer.from(descriptor.FileDescriptorProto.encode(value).finish()));
      for (const [name, obj] of getAllHandledReflectionObjects(root, "")) {
        def[name] = createDefinition(obj, name, options, bufferList);
      }
      return def;
    }
    function createPackageDefinitionFromDescriptorSet(decodedDescriptorSet, options) {
      options = options || {};
      const root = Protobuf.Root.fromDescriptor(decodedDescriptorSet);
      root.resolveAll();
      return createPackageDefinition(root, options);
    }
    function load(filename, options) {
      return (0, util_1.loadProtosWithOptions)(filename, options).then((loadedRoot) => {
        return createPackageDefinition(loadedRoot, options);
      });
    }
    exports.load = load;
    function loadSync(filename, options) {
      const loadedRoot = (0, util_1.loadProtosWithOptionsSync)(filename, options);
      return createPackageDefinition(loadedRoot, options);
    }
    exports.loadSync = loadSync;
    function fromJSON(json, options) {
      options = options || {};
      const loadedRoot = Protobuf.Root.fromJSON(json);
      loadedRoot.resolveAll();
      return createPackageDefinition(loadedRoot, options);
    }
    exports.fromJSON = fromJSON;
    function loadFileDescriptorSetFromBuffer(descriptorSet, options) {
      const decodedDescriptorSet = descriptor.FileDescriptorSet.decode(descriptorSet);
      return createPackageDefinitionFromDescriptorSet(decodedDescriptorSet, options);
    }
    exports.loadFileDescriptorSetFromBuffer = loadFileDescriptorSetFromBuffer;
    function loadFileDescriptorSetFromObject(descriptorSet, options) {
      const decodedDescriptorSet = descriptor.FileDescriptorSet.fromObject(descriptorSet);
      return createPackageDefinitionFromDescriptorSet(decodedDescriptorSet, options);
    }
    exports.loadFileDescriptorSetFromObject = loadFileDescriptorSetFromObject;
    (0, util_1.addCommonProtos)();
  }
});

// node_modules/@grpc/reflection/build/src/implementations/common/protobuf-visitor.js
var require_protobuf_visitor = __commonJS({
  "node_modules/@grpc/reflection/build/src/implementations/common/protobuf-visitor.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.visit = void 0;
    var visit = (file, visitor) => {
      var _a, _b, _c, _d;
      const processField = (prefix, file2, field) => {
        const fqn = `${prefix}.${field.name}`;
        if (visitor.field) {
          visitor.field(fqn, file2, field);
        }
      };
      const processExtension = (prefix, file2, ext) => {
        const fqn = `${prefix}.${ext.name}`;
        if (visitor.extension) {
          visitor.extension(fqn, file2, ext);
        }
      };
      const processOneOf = (prefix, file2, decl) => {
        const fqn = `${prefix}.${decl.name}`;
        if (visitor.oneOf) {
          visitor.oneOf(fqn, file2, decl);
        }
      };
      const processEnum = (prefix, file2, decl) => {
        var _a2;
        const fqn = `${prefix}.${decl.name}`;
        if (visitor.enum) {
          visitor.enum(fqn, file2, decl);
        }
        (_a2 = decl.value) === null || _a2 === void 0 ? void 0 : _a2.forEach((value) => {
          const valueFqn = `${fqn}.${value.name}`;
          if (visitor.enumValue) {
            visitor.enumValue(valueFqn, file2, value);
          }
        });
      };
      const processMessage = (prefix, file2, msg) => {
        var _a2, _b2, _c2, _d2, _e;
        const fqn = `${prefix}.${msg.name}`;
        if (visitor.message) {
          visitor.message(fqn, file2, msg);
        }
        (_a2 = msg.nestedType) === null || _a2 === void 0 ? void 0 : _a2.forEach((type) => processMessage(fqn, file2, type));
        (_b2 = msg.enumType) === null || _b2 === void 0 ? void 0 : _b2.forEach((type) => processEnum(fqn, file2, type));
        (_c2 = msg.field) === null || _c2 === void 0 ? void 0 : _c2.forEach((field) => processField(fqn, file2, field));
        (_d2 = msg.oneofDecl) === null || _d2 === void 0 ? void 0 : _d2.forEach((decl) => processOneOf(fqn, file2, decl));
        (_e = msg.extension) === null || _e === void 0 ? void 0 : _e.forEach((ext) => processExtension(fqn, file2, ext));
      };
      const processService = (prefix, file2, service) => {
        var _a2;
        const fqn = `${prefix}.${service.name}`;
        if (visitor.service) {
          visitor.service(fqn, file2, service);
        }
        (_a2 = service.method) === null || _a2 === void 0 ? void 0 : _a2.forEach((method) => {
          const methodFqn = `${fqn}.${method.name}`;
          if (visitor.method) {
            visitor.method(methodFqn, file2, method);
          }
        });
      };
      const packageName = file.package || "";
      (_a = file.enumType) === null || _a === void 0 ? void 0 : _a.forEach((type) => processEnum(packageName, file, type));
      (_b = file.messageType) === null || _b === void 0 ? void 0 : _b.forEach((type) => processMessage(packageName, file, type));
      (_c = file.service) === null || _c === void 0 ? void 0 : _c.forEach((service) => processService(packageName, file, service));
      (_d = file.extension) === null || _d === void 0 ? void 0 : _d.forEach((ext) => processExtension(packageName, file, ext));
    };
    exports.visit = visit;
  }
});

// node_modules/@grpc/reflection/build/src/implementations/common/utils.js
var require_utils = __commonJS({
  "node_modules/@grpc/reflection/build/src/implementations/common/utils.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.scope = void 0;
    var scope = (path, separator = ".") => {
      if (!path.includes(separator) || path === separator) {
        return "";
      }
      return path.split(separator).slice(0, -1).join(separator) || separator;
    };
    exports.scope = scope;
  }
});

// node_modules/@grpc/reflection/build/src/implementations/common/constants.js
var require_constants = __commonJS({
  "node_modules/@grpc/reflection/build/src/implementations/common/constants.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.PROTO_LOADER_OPTS = void 0;
    exports.PROTO_LOADER_OPTS = {
      longs: String,
      enums: String,
      bytes: Array,
      defaults: true,
      oneofs: true
    };
  }
});

// node_modules/@grpc/reflection/build/src/implementations/reflection-v1.js
var require_reflection_v1 = __commonJS({
  "node_modules/@grpc/reflection/build/src/implementations/reflection-v1.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ReflectionV1Implementation = exports.ReflectionError = void 0;
    var path = __require("path");
    var descriptor_1 = require_descriptor2();
    var grpc3 = require_src();
    var protoLoader = require_src2();
    var protobuf_visitor_1 = require_protobuf_visitor();
    var utils_1 = require_utils();
    var constants_1 = require_constants();
    var ReflectionError = class extends Error {
      constructor(statusCode, message) {
        super(message);
        this.statusCode = statusCode;
        this.message = message;
      }
    };
    exports.ReflectionError = ReflectionError;
    var ReflectionV1Implementation = class {
      constructor(root, options) {
        this.files = {};
        this.fileDependencies = /* @__PURE__ */ new Map();
        this.fileEncodings = /* @__PURE__ */ new Map();
        this.extensions = {};
        this.symbols = {};
        this.services = {};
        Object.values(root).forEach(({ fileDescriptorProtos }) => {
          if (Array.isArray(fileDescriptorProtos)) {
            fileDescriptorProtos.forEach((bin) => {
              const proto = descriptor_1.FileDescriptorProto.decode(bin);
              if (proto.name && !this.files[proto.name]) {
                this.files[proto.name] = proto;
              }
            });
          }
        });
        const serviceWhitelist = new Set(options === null || options === void 0 ? void 0 : options.services);
        const index = (fqn, file) => this.symbols[fqn] = file;
        Object.values(this.files).forEach((file) => (0, protobuf_visitor_1.visit)(file, {
          field: index,
          oneOf: index,
          message: index,
          method: index,
          enum: index,
          enumValue: index,
          service: (fqn, file2, service) => {
            index(fqn, file2);
            if ((options === null || options === void 0 ? void 0 : options.services) === void 0 || serviceWhitelist.has(fqn)) {
              this.services[fqn] = service;
            }
          },
          extension: (fqn, file2, ext) => {
            index(fqn, file2);
            const extendeeName = ext.extendee || "";
            this.extensions[extendeeName] = Object.assign(Object.assign({}, this.extensions[extendeeName] || {}), { [ext.number || -1]: file2 });
          }
        }));
        const addReference = (ref, sourceFile, pkgScope) => {
          var _a;
          if (!ref) {
            return;
          }
          let referencedFile = null;
          if (ref.startsWith(".")) {
            referencedFile = (_a = this.symbols[ref.slice(1)]) !== null && _a !== void 0 ? _a : this.symbols[ref];
          } else {
            let pkg = pkgScope;
            while (pkg && !referencedFile) {
              referencedFile = this.symbols[`${pkg.replace(/\.$/, "")}.${ref}`];
              pkg = (0, utils_1.scope)(pkg);
            }
            if (!referencedFile) {
              referencedFile = this.symbols[ref];
            }
          }
          if (!referencedFile) {
            console.warn(`Could not find file associated with reference ${ref}`);
            return;
          }
          if (referencedFile !== sourceFile) {
            const existingDeps = this.fileDependencies.get(sourceFile) || [];
            this.fileDependencies.set(sourceFile, [referencedFile, ...existingDeps]);
          }
        };
        Object.values(this.files).forEach((file) => (0, protobuf_visitor_1.visit)(file, {
          field: (fqn, file2, field) => addReference(field.typeName || "", file2, (0, utils_1.scope)(fqn)),
          extension: (fqn, file2, ext) => addReference(ext.typeName || "", file2, (0, utils_1.scope)(fqn)),
          method: (fqn, file2, method) => {
            addReference(method.inputType || "", file2, (0, utils_1.scope)(fqn));
            addReference(method.outputType || "", file2, (0, utils_1.scope)(fqn));
          }
        }));
        Object.values(this.files).forEach((file) => {
          this.fileEncodings.set(file, descriptor_1.FileDescriptorProto.encode(file).finish());
        });
      }
      addToServer(server) {
        const protoPath = path.join(__dirname, "../../proto/grpc/reflection/v1/reflection.proto");
        const pkgDefinition = protoLoader.loadSync(protoPath, constants_1.PROTO_LOADER_OPTS);
        const pkg = grpc3.loadPackageDefinition(pkgDefinition);
        server.addService(pkg.grpc.reflection.v1.ServerReflection.service, {
          ServerReflectionInfo: (stream) => {
            stream.on("end", () => stream.end());
            stream.on("data", (message) => {
              stream.write(this.handleServerReflectionRequest(message));
            });
          }
        });
      }
      /** Assemble a response for a single server reflection request in the stream */
      handleServerReflectionRequest(message) {
        var _a, _b;
        const response = {
          validHost: message.host,
          originalRequest: message
        };
        try {
          switch (message.messageRequest) {
            case "listServices":
              response.listServicesResponse = this.listServices(message.listServices || "");
              break;
            case "fileContainingSymbol":
              response.fileDescriptorResponse = this.fileContainingSymbol(message.fileContainingSymbol || "");
              break;
            case "fileByFilename":
              response.fileDescriptorResponse = this.fileByFilename(message.fileByFilename || "");
              break;
            case "fileContainingExtension":
              response.fileDescriptorResponse = this.fileContainingExtension(((_a = message.fileContainingExtension) === null || _a === void 0 ? void 0 : _a.containingType) || "", ((_b = message.fileContainingExtension) === null || _b === void 0 ? void 0 : _b.extensionNumber) || -1);
              break;
            case "allExtensionNumbersOfType":
              response.allExtensionNumbersResponse = this.allExtensionNumbersOfType(message.allExtensionNumbersOfType || "");
              break;
            default:
              throw new ReflectionError(grpc3.status.UNIMPLEMENTED, `Unimplemented method for request: ${message.messageRequest}`);
          }
        } catch (e) {
          if (e instanceof ReflectionError) {
            response.errorResponse = {
              errorCode: e.statusCode,
              errorMessage: e.message
            };
          } else {
            response.errorResponse = {
              errorCode: grpc3.status.UNKNOWN,
              errorMessage: "Failed to process gRPC reflection request: unknown error"
            };
          }
        }
        return response;
      }
      /** List the full names of registered gRPC services
       *
       * note: the spec is unclear as to what the 'listServices' param can be; most
       * clients seem to only pass '*' but unsure if this should behave like a
       * filter. Until we know how this should behave with different inputs this
       * just always returns *all* services.
       *
       * @returns full-qualified service names (eg. 'sample.SampleService')
       */
      listServices(listServices) {
        return { service: Object.keys(this.services).map((service) => ({ name: service })) };
      }
      /** Find the proto file(s) that declares the given fully-qualified symbol name
       *
       * @param symbol fully-qualified name of the symbol to lookup
       * (e.g. package.service[.method] or package.type)
       *
       * @returns descriptors of the file which contains this symbol and its imports
       */
      fileContainingSymbol(symbol) {
        const file = this.symbols[symbol];
        if (!file) {
          throw new ReflectionError(grpc3.status.NOT_FOUND, `Symbol not found: ${symbol}`);
        }
        const deps = this.getFileDependencies(file);
        return {
          fileDescriptorProto: [file, ...deps].map((file2) => this.fileEncodings.get(file2) || new Uint8Array())
        };
      }
      /** Find a proto file by the file name
       *
       * @returns descriptors of the file which contains this symbol and its imports
       */
      fileByFilename(filename) {
        const file = this.files[filename];
        if (!file) {
          throw new ReflectionError(grpc3.status.NOT_FOUND, `Proto file not found: ${filename}`);
        }
        const deps = this.getFileDependencies(file);
        return {
          fileDescriptorProto: [file, ...deps].map((file2) => this.fileEncodings.get(file2) || new Uint8Array())
        };
      }
      /** Find a proto file containing an extension to a message type
       *
       * @returns descriptors of the file which contains this symbol and its imports
       */
      fileContainingExtension(symbol, field) {
        const extensionsByFieldNumber = this.extensions[symbol] || {};
        const file = extensionsByFieldNumber[field];
        if (!file) {
          throw new ReflectionError(grpc3.status.NOT_FOUND, `Extension not found for symbol ${symbol} at field ${field}`);
        }
        const deps = this.getFileDependencies(file);
        return {
          fileDescriptorProto: [file, ...deps].map((file2) => this.fileEncodings.get(file2) || new Uint8Array())
        };
      }
      allExtensionNumbersOfType(symbol) {
        if (!(symbol in this.extensions)) {
          throw new ReflectionError(grpc3.status.NOT_FOUND, `Extensions not found for symbol ${symbol}`);
        }
        const fieldNumbers = Object.keys(this.extensions[symbol]).map((key) => Number(key));
        return {
          baseTypeName: symbol,
          extensionNumber: fieldNumbers
        };
      }
      getFileDependencies(file) {
        var _a;
        const visited = /* @__PURE__ */ new Set();
        const toVisit = [...this.fileDependencies.get(file) || []];
        while (toVisit.length > 0) {
          const current = toVisit.pop();
          if (!current || visited.has(current)) {
            continue;
          }
          visited.add(current);
          toVisit.push(...((_a = this.fileDependencies.get(current)) === null || _a === void 0 ? void 0 : _a.filter((dep) => !visited.has(dep))) || []);
        }
        return Array.from(visited);
      }
    };
    exports.ReflectionV1Implementation = ReflectionV1Implementation;
  }
});

// node_modules/@grpc/reflection/build/src/implementations/reflection-v1alpha.js
var require_reflection_v1alpha = __commonJS({
  "node_modules/@grpc/reflection/build/src/implementations/reflection-v1alpha.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ReflectionV1AlphaImplementation = void 0;
    var path = __require("path");
    var grpc3 = require_src();
    var protoLoader = require_src2();
    var constants_1 = require_constants();
    var reflection_v1_1 = require_reflection_v1();
    var ReflectionV1AlphaImplementation = class extends reflection_v1_1.ReflectionV1Implementation {
      addToServer(server) {
        const protoPath = path.join(__dirname, "../../proto/grpc/reflection/v1alpha/reflection.proto");
        const pkgDefinition = protoLoader.loadSync(protoPath, constants_1.PROTO_LOADER_OPTS);
        const pkg = grpc3.loadPackageDefinition(pkgDefinition);
        server.addService(pkg.grpc.reflection.v1alpha.ServerReflection.service, {
          ServerReflectionInfo: (stream) => {
            stream.on("end", () => stream.end());
            stream.on("data", (message) => {
              stream.write(this.handleServerReflectionRequest(message));
            });
          }
        });
      }
    };
    exports.ReflectionV1AlphaImplementation = ReflectionV1AlphaImplementation;
  }
});

// node_modules/@grpc/reflection/build/src/service.js
var require_service = __commonJS({
  "node_modules/@grpc/reflection/build/src/service.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ReflectionService = void 0;
    var reflection_v1_1 = require_reflection_v1();
    var reflection_v1alpha_1 = require_reflection_v1alpha();
    var ReflectionService2 = class {
      constructor(pkg, options) {
        this.v1 = new reflection_v1_1.ReflectionV1Implementation(pkg, options);
        this.v1Alpha = new reflection_v1alpha_1.ReflectionV1AlphaImplementation(pkg, options);
      }
      addToServer(server) {
        this.v1.addToServer(server);
        this.v1Alpha.addToServer(server);
      }
    };
    exports.ReflectionService = ReflectionService2;
  }
});

// node_modules/@grpc/reflection/build/src/index.js
var require_src3 = __commonJS({
  "node_modules/@grpc/reflection/build/src/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ReflectionService = void 0;
    var service_1 = require_service();
    Object.defineProperty(exports, "ReflectionService", { enumerable: true, get: function() {
      return service_1.ReflectionService;
    } });
  }
});

// node_modules/grpc-health-check/node_modules/@grpc/proto-loader/build/src/util.js
var require_util2 = __commonJS({
  "node_modules/grpc-health-check/node_modules/@grpc/proto-loader/build/src/util.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.addCommonProtos = exports.loadProtosWithOptionsSync = exports.loadProtosWithOptions = void 0;
    var fs = __require("fs");
    var path = __require("path");
    var Protobuf = require_protobufjs();
    function addIncludePathResolver(root, includePaths) {
      const originalResolvePath = root.resolvePath;
      root.resolvePath = (origin, target) => {
        if (path.isAbsolute(target)) {
          return target;
        }
        for (const directory of includePaths) {
          const fullPath = path.join(directory, target);
          try {
            fs.accessSync(fullPath, fs.constants.R_OK);
            return fullPath;
          } catch (err) {
            continue;
          }
        }
        process.emitWarning(`${target} not found in any of the include paths ${includePaths}`);
        return originalResolvePath(origin, target);
      };
    }
    async function loadProtosWithOptions(filename, options) {
      const root = new Protobuf.Root();
      options = options || {};
      if (!!options.includeDirs) {
        if (!Array.isArray(options.includeDirs)) {
          return Promise.reject(new Error("The includeDirs option must be an array"));
        }
        addIncludePathResolver(root, options.includeDirs);
      }
      const loadedRoot = await root.load(filename, options);
      loadedRoot.resolveAll();
      return loadedRoot;
    }
    exports.loadProtosWithOptions = loadProtosWithOptions;
    function loadProtosWithOptionsSync(filename, options) {
      const root = new Protobuf.Root();
      options = options || {};
      if (!!options.includeDirs) {
        if (!Array.isArray(options.includeDirs)) {
          throw new Error("The includeDirs option must be an array");
        }
        addIncludePathResolver(root, options.includeDirs);
      }
      const loadedRoot = root.loadSync(filename, options);
      loadedRoot.resolveAll();
      return loadedRoot;
    }
    exports.loadProtosWithOptionsSync = loadProtosWithOptionsSync;
    function addCommonProtos() {
      const apiDescriptor = require_api();
      const descriptorDescriptor = require_descriptor();
      const sourceContextDescriptor = require_source_context();
      const typeDescriptor = require_type();
      Protobuf.common("api", apiDescriptor.nested.google.nested.protobuf.nested);
      Protobuf.common("descriptor", descriptorDescriptor.nested.google.nested.protobuf.nested);
      Protobuf.common("source_context", sourceContextDescriptor.nested.google.nested.protobuf.nested);
      Protobuf.common("type", typeDescriptor.nested.google.nested.protobuf.nested);
    }
    exports.addCommonProtos = addCommonProtos;
  }
});

// node_modules/grpc-health-check/node_modules/@grpc/proto-loader/build/src/index.js
var require_src4 = __commonJS({
  "node_modules/grpc-health-check/node_modules/@grpc/proto-loader/build/src/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.loadFileDescriptorSetFromObject = exports.loadFileDescriptorSetFromBuffer = exports.fromJSON = exports.loadSync = exports.load = exports.IdempotencyLevel = exports.isAnyExtension = exports.Long = void 0;
    var camelCase = require_lodash();
    var Protobuf = require_protobufjs();
    var descriptor = require_descriptor2();
    var util_1 = require_util2();
    var Long = require_umd();
    exports.Long = Long;
    function isAnyExtension(obj) {
      return "@type" in obj && typeof obj["@type"] === "string";
    }
    exports.isAnyExtension = isAnyExtension;
    var IdempotencyLevel;
    (function(IdempotencyLevel2) {
      IdempotencyLevel2["IDEMPOTENCY_UNKNOWN"] = "IDEMPOTENCY_UNKNOWN";
      IdempotencyLevel2["NO_SIDE_EFFECTS"] = "NO_SIDE_EFFECTS";
      IdempotencyLevel2["IDEMPOTENT"] = "IDEMPOTENT";
    })(IdempotencyLevel = exports.IdempotencyLevel || (exports.IdempotencyLevel = {}));
    var descriptorOptions = {
      longs: String,
      enums: String,
      bytes: String,
      defaults: true,
      oneofs: true,
      json: true
    };
    function joinName(baseName, name) {
      if (baseName === "") {
        return name;
      } else {
        return baseName + "." + name;
      }
    }
    function isHandledReflectionObject(obj) {
      return obj instanceof Protobuf.Service || obj instanceof Protobuf.Type || obj instanceof Protobuf.Enum;
    }
    function isNamespaceBase(obj) {
      return obj instanceof Protobuf.Namespace || obj instanceof Protobuf.Root;
    }
    function getAllHandledReflectionObjects(obj, parentName) {
      const objName = joinName(parentName, obj.name);
      if (isHandledReflectionObject(obj)) {
        return [[objName, obj]];
      } else {
        if (isNamespaceBase(obj) && typeof obj.nested !== "undefined") {
          return Object.keys(obj.nested).map((name) => {
            return getAllHandledReflectionObjects(obj.nested[name], objName);
          }).reduce((accumulator, currentValue) => accumulator.concat(currentValue), []);
        }
      }
      return [];
    }
    function createDeserializer(cls, options) {
      return function deserialize(argBuf) {
        return cls.toObject(cls.decode(argBuf), options);
      };
    }
    function createSerializer(cls) {
      return function serialize(arg) {
        if (Array.isArray(arg)) {
          throw new Error(`Failed to serialize message: expected object with ${cls.name} structure, got array instead`);
        }
        const message = cls.fromObject(arg);
        return cls.encode(message).finish();
      };
    }
    function mapMethodOptions(options) {
      return (options || []).reduce((obj, item) => {
        for (const [key, value] of Object.entries(item)) {
          switch (key) {
            case "uninterpreted_option":
              obj.uninterpreted_option.push(item.uninterpreted_option);
              break;
            default:
              obj[key] = value;
          }
        }
        return obj;
      }, {
        deprecated: false,
        idempotency_level: IdempotencyLevel.IDEMPOTENCY_UNKNOWN,
        uninterpreted_option: []
      });
    }
    function createMethodDefinition(method, serviceName, options, fileDescriptors) {
      const requestType = method.resolvedRequestType;
      const responseType = method.resolvedResponseType;
      return {
        path: "/" + serviceName + "/" + method.name,
        requestStream: !!method.requestStream,
        responseStream: !!method.responseStream,
        requestSerialize: createSerializer(requestType),
        requestDeserialize: createDeserializer(requestType, options),
        responseSerialize: createSerializer(responseType),
        responseDeserialize: createDeserializer(responseType, options),
        // TODO(murgatroid99): Find a better way to handle this
        originalName: camelCase(method.name),
        requestType: createMessageDefinition(requestType, fileDescriptors),
        responseType: createMessageDefinition(responseType, fileDescriptors),
        options: mapMethodOptions(method.parsedOptions)
      };
    }
    function createServiceDefinition(service, name, options, fileDescriptors) {
      const def = {};
      for (const method of service.methodsArray) {
        def[method.name] = createMethodDefinition(method, name, options, fileDescriptors);
      }
      return def;
    }
    function createMessageDefinition(message, fileDescriptors) {
      const messageDescriptor = message.toDescriptor("proto3");
      return {
        format: "Protocol Buffer 3 DescriptorProto",
        type: messageDescriptor.$type.toObject(messageDescriptor, descriptorOptions),
        fileDescriptorProtos: fileDescriptors
      };
    }
    function createEnumDefinition(enumType, fileDescriptors) {
      const enumDescriptor = enumType.toDescriptor("proto3");
      return {
        format: "Protocol Buffer 3 EnumDescriptorProto",
        type: enumDescriptor.$type.toObject(enumDescriptor, descriptorOptions),
        fileDescriptorProtos: fileDescriptors
      };
    }
    function createDefinition(obj, name, options, fileDescriptors) {
      if (obj instanceof Protobuf.Service) {
        return createServiceDefinition(obj, name, options, fileDescriptors);
      } else if (obj instanceof Protobuf.Type) {
        return createMessageDefinition(obj, fileDescriptors);
      } else if (obj instanceof Protobuf.Enum) {
        return createEnumDefinition(obj, fileDescriptors);
      } else {
        throw new Error("Type mismatch in reflection object handling");
      }
    }
    function createPackageDefinition(root, options) {
      const def = {};
      root.resolveAll();
      const descriptorList = root.toDescriptor("proto3").file;
      const bufferList = descriptorList.map((value) => Buffer.from(descriptor.FileDescriptorProto.encode(value).finish()));
      for (const [name, obj] of getAllHandledReflectionObjects(root, "")) {
        def[name] = createDefinition(obj, name, options, bufferList);
      }
      return def;
    }
    function createPackageDefinitionFromDescriptorSet(decodedDescriptorSet, options) {
      options = options || {};
      const root = Protobuf.Root.fromDescriptor(decodedDescriptorSet);
      root.resolveAll();
      return createPackageDefinition(root, options);
    }
    function load(filename, options) {
      return (0, util_1.loadProtosWithOptions)(filename, options).then((loadedRoot) => {
        return createPackageDefinition(loadedRoot, options);
      });
    }
    exports.load = load;
    function loadSync(filename, options) {
      const loadedRoot = (0, util_1.loadProtosWithOptionsSync)(filename, options);
      return createPackageDefinition(loadedRoot, options);
    }
    exports.loadSync = loadSync;
    function fromJSON(json, options) {
      options = options || {};
      const loadedRoot = Protobuf.Root.fromJSON(json);
      loadedRoot.resolveAll();
      return createPackageDefinition(loadedRoot, options);
    }
    exports.fromJSON = fromJSON;
    function loadFileDescriptorSetFromBuffer(descriptorSet, options) {
      const decodedDescriptorSet = descriptor.FileDescriptorSet.decode(descriptorSet);
      return createPackageDefinitionFromDescriptorSet(decodedDescriptorSet, options);
    }
    exports.loadFileDescriptorSetFromBuffer = loadFileDescriptorSetFromBuffer;
    function loadFileDescriptorSetFromObject(descriptorSet, options) {
      const decodedDescriptorSet = descriptor.FileDescriptorSet.fromObject(descriptorSet);
      return createPackageDefinitionFromDescriptorSet(decodedDescriptorSet, options);
    }
    exports.loadFileDescriptorSetFromObject = loadFileDescriptorSetFromObject;
    (0, util_1.addCommonProtos)();
  }
});

// node_modules/grpc-health-check/build/src/health.js
var require_health = __commonJS({
  "node_modules/grpc-health-check/build/src/health.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.protoPath = exports.HealthImplementation = exports.service = void 0;
    var path = __require("path");
    var proto_loader_1 = require_src4();
    var loadedProto = (0, proto_loader_1.loadSync)("health/v1/health.proto", {
      keepCase: true,
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
      includeDirs: [`${__dirname}/../../proto`]
    });
    exports.service = loadedProto["grpc.health.v1.Health"];
    var GRPC_STATUS_NOT_FOUND = 5;
    var GRPC_STATUS_RESOURCE_EXHAUSTED = 8;
    var RESOURCE_EXHAUSTION_LIMIT = 100;
    var HealthImplementation2 = class {
      constructor(initialStatusMap) {
        this.statusMap = /* @__PURE__ */ new Map();
        this.watchers = /* @__PURE__ */ new Map();
        if (initialStatusMap) {
          for (const [serviceName, status2] of Object.entries(initialStatusMap)) {
            this.statusMap.set(serviceName, status2);
          }
        }
      }
      setStatus(service, status2) {
        var _a;
        this.statusMap.set(service, status2);
        for (const watcher of (_a = this.watchers.get(service)) !== null && _a !== void 0 ? _a : []) {
          watcher(status2);
        }
      }
      addWatcher(service, watcher) {
        const existingWatcherSet = this.watchers.get(service);
        if (existingWatcherSet) {
          existingWatcherSet.add(watcher);
        } else {
          const newWatcherSet = /* @__PURE__ */ new Set();
          newWatcherSet.add(watcher);
          this.watchers.set(service, newWatcherSet);
        }
      }
      removeWatcher(service, watcher) {
        var _a;
        (_a = this.watchers.get(service)) === null || _a === void 0 ? void 0 : _a.delete(watcher);
      }
      addToServer(server) {
        server.addService(exports.service, {
          check: (call, callback) => {
            const serviceName = call.request.service;
            const status2 = this.statusMap.get(serviceName);
            if (status2) {
              callback(null, { status: status2 });
            } else {
              callback({ code: GRPC_STATUS_NOT_FOUND, details: `Health status unknown for service ${serviceName}` });
            }
          },
          watch: (call) => {
            const serviceName = call.request.service;
            const statusWatcher = (status2) => {
              call.write({ status: status2 });
            };
            this.addWatcher(serviceName, statusWatcher);
            call.on("cancelled", () => {
              this.removeWatcher(serviceName, statusWatcher);
            });
            const currentStatus = this.statusMap.get(serviceName);
            if (currentStatus) {
              call.write({ status: currentStatus });
            } else {
              call.write({ status: "SERVICE_UNKNOWN" });
            }
          },
          list: (_call, callback) => {
            const statuses = {};
            let serviceCount = 0;
            for (const [serviceName, status2] of this.statusMap.entries()) {
              if (serviceCount >= RESOURCE_EXHAUSTION_LIMIT) {
                const error = {
                  code: GRPC_STATUS_RESOURCE_EXHAUSTED,
                  details: "Too many services to list."
                };
                callback(error, null);
                return;
              }
              statuses[serviceName] = { status: status2 };
              serviceCount++;
            }
            callback(null, { statuses });
          }
        });
      }
    };
    exports.HealthImplementation = HealthImplementation2;
    exports.protoPath = path.resolve(__dirname, "../../proto/health/v1/health.proto");
  }
});

// packages/lookup/dist/src/time/timers.js
function delay(clock, ms) {
  return new Promise((resolve) => clock.setTimer(resolve, ms));
}
function every(clock, intervalMs, fn) {
  const step = Math.max(1, intervalMs);
  let due = clock.now() + step;
  let timer;
  let cancelled = false;
  const beat = () => {
    if (cancelled)
      return;
    const now = clock.now();
    due = due + step > now ? due + step : now + step;
    timer = clock.setTimer(beat, due - now);
    fn();
  };
  timer = clock.setTimer(beat, step);
  return { cancel: () => {
    cancelled = true;
    timer.cancel();
  } };
}

// packages/lookup/dist/src/vocabulary/relay-from.js
var SEGMENT = "(?!\\.\\.?(?:/|$))[A-Za-z0-9._~-]+";
var HOST = "[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?";
var MOUNT = new RegExp(`^(?:/${SEGMENT})+$`);
var RELAY_FROM = new RegExp(`^(?:${HOST}:${PORT_SOURCE}(?:/${SEGMENT})+)?$`);
function parseRelayFrom(text) {
  if (!RELAY_FROM.test(text))
    return void 0;
  if (text === "")
    return null;
  const slash = text.indexOf("/");
  const hostPort = text.slice(0, slash);
  const colon = hostPort.lastIndexOf(":");
  return { host: hostPort.slice(0, colon), port: Number(hostPort.slice(colon + 1)), mount: text.slice(slash) };
}

// packages/lookup/dist/src/server/lookup-server.js
import { EventEmitter as EventEmitter2 } from "node:events";

// packages/lookup/dist/src/registry/registrar.js
import { randomUUID } from "node:crypto";

// packages/lookup/dist/src/registry/attribute-index.js
var Members = class extends Set {
  key;
  entry;
  list;
  constructor(key) {
    super();
    this.key = key;
  }
};
function isSingleField(e) {
  let n = 0;
  for (const k in e.fields)
    if (Object.prototype.hasOwnProperty.call(e.fields, k) && ++n > 1)
      return false;
  return n === 1;
}
var NO_MEMBERS = [];
var AttributeIndex = class _AttributeIndex {
  services = /* @__PURE__ */ new Map();
  types = /* @__PURE__ */ new Map();
  static has(p, member) {
    return p instanceof Members ? p.has(member) : p === member;
  }
  /** p with member added (a new posting when p was a single member or nothing). */
  static added(p, member, key) {
    if (p === void 0 || p === member)
      return member;
    if (p instanceof Members) {
      p.add(member);
      return p;
    }
    const s = new Members(key);
    s.add(p);
    s.add(member);
    return s;
  }
  /** p without member; undefined when nothing is left. */
  static removed(p, member) {
    if (p === void 0 || p === member)
      return void 0;
    if (!(p instanceof Members))
      return p;
    p.delete(member);
    if (p.size > 1)
      return p;
    return p.size === 1 ? p.values().next().value : void 0;
  }
  add(member) {
    const item = member.item;
    for (const t of item.serviceTypes) {
      const p = _AttributeIndex.added(this.services.get(t), member, t);
      if (p instanceof Members && p.list === void 0 && item.serviceTypes.length === 1)
        p.list = item.serviceTypes;
      this.services.set(t, p);
    }
    for (const e of item.attributes) {
      let node = this.types.get(e.type);
      if (node === void 0)
        this.types.set(e.type, node = { type: e.type, all: void 0, empty: void 0, fields: /* @__PURE__ */ new Map() });
      node.all = _AttributeIndex.added(node.all, member, e.type);
      const keys = Object.keys(e.fields);
      if (keys.length === 0 && node.empty === void 0)
        node.empty = e;
      for (const k of keys) {
        let values = node.fields.get(k);
        if (values === void 0)
          node.fields.set(k, values = /* @__PURE__ */ new Map());
        const v = e.fields[k];
        const p = _AttributeIndex.added(values.get(v), member, v);
        if (p instanceof Members && p.entry === void 0 && keys.length === 1)
          p.entry = e;
        values.set(v, p);
      }
    }
  }
  /** Removes member, indexed under member.item (call before replacing member.item). */
  remove(member) {
    const item = member.item;
    for (const t of item.serviceTypes) {
      const p = _AttributeIndex.removed(this.services.get(t), member);
      if (p === void 0)
        this.services.delete(t);
      else
        this.services.set(t, p);
    }
    for (const e of item.attributes) {
      const node = this.types.get(e.type);
      if (node === void 0)
        continue;
      for (const k of Object.keys(e.fields)) {
        const values = node.fields.get(k);
        if (values === void 0)
          continue;
        const v = e.fields[k];
        const p = _AttributeIndex.removed(values.get(v), member);
        if (p === void 0) {
          values.delete(v);
          if (values.size === 0)
            node.fields.delete(k);
        } else
          values.set(v, p);
      }
      node.all = _AttributeIndex.removed(node.all, member);
      if (node.all === void 0 && node.fields.size === 0)
        this.types.delete(e.type);
    }
  }
  /**
   * Makes the new item share what the indexed items already hold where it is equal: the
   * same service-type list when it names one type, the same entry object for an entry
   * with one field (lama.Role{role: 'cache'}) or none, and otherwise the same type-name and
   * field-value strings. Every replacement is by an equal value (=== on strings cannot tell
   * them apart, so strings are swapped unconditionally); the item's content does not
   * change, only how many copies of it the heap holds. Items are immutable, so sharing
   * their parts is safe. Call it on a new item before add().
   */
  intern(item) {
    const types = item.serviceTypes;
    if (types.length === 1) {
      const t = types[0];
      const p = this.services.get(t);
      const list = p === void 0 ? void 0 : p instanceof Members ? p.list : p.item.serviceTypes.length === 1 ? p.item.serviceTypes : void 0;
      if (list !== void 0)
        item.serviceTypes = list;
    }
    if (item.serviceTypes === types) {
      for (let i = 0; i < types.length; i++) {
        const t = types[i];
        const p = this.services.get(t);
        types[i] = p === void 0 ? t : p instanceof Members ? p.key : p.item.serviceTypes.find((x) => x === t) ?? t;
      }
    }
    const attrs = item.attributes;
    for (let i = 0; i < attrs.length; i++) {
      const e = attrs[i];
      const node = this.types.get(e.type);
      if (node === void 0)
        continue;
      const type = node.type;
      const keys = Object.keys(e.fields);
      if (keys.length <= 1) {
        const shared = keys.length === 0 ? node.empty : _AttributeIndex.singleFieldEntry(node.fields.get(keys[0])?.get(e.fields[keys[0]]), type, keys[0], e.fields[keys[0]]);
        if (shared !== void 0) {
          attrs[i] = shared;
          continue;
        }
      }
      e.type = type;
      for (const k of keys) {
        const v = e.fields[k];
        const p = node.fields.get(k)?.get(v);
        if (p === void 0)
          continue;
        if (p instanceof Members)
          e.fields[k] = p.key;
        else
          for (const x of p.item.attributes)
            if (x.type === type && x.fields[k] === v)
              e.fields[k] = x.fields[k];
      }
    }
  }
  /** An indexed entry equal to {type: {k: v}}, if the members of p hold one. */
  static singleFieldEntry(p, type, k, v) {
    if (p === void 0)
      return void 0;
    if (p instanceof Members)
      return p.entry;
    for (const x of p.item.attributes)
      if (x.type === type && x.fields[k] === v && isSingleField(x))
        return x;
    return void 0;
  }
  posting(template, visit) {
    for (const t of template.serviceTypes ?? [])
      if (!visit(this.services.get(t)))
        return;
    for (const e of template.attributes ?? []) {
      const node = this.types.get(e.type);
      if (!visit(node?.all))
        return;
      for (const k of Object.keys(e.fields))
        if (!visit(node?.fields.get(k)?.get(e.fields[k])))
          return;
    }
  }
  /**
   * A superset of the members that can match the template and its size, or undefined when
   * the template constrains nothing indexable (then every item is a candidate).
   */
  candidates(template) {
    let best;
    let bestSize = Infinity;
    this.posting(template, (p) => {
      const size = p === void 0 ? 0 : p instanceof Members ? p.size : 1;
      if (size < bestSize) {
        best = p;
        bestSize = size;
      }
      return size > 0;
    });
    if (bestSize === Infinity)
      return void 0;
    if (best === void 0)
      return { members: NO_MEMBERS, size: 0 };
    return { members: best instanceof Members ? best : [best], size: bestSize };
  }
  /**
   * True when candidates(template) holds exactly the members that match it: the template
   * (without a service ID) sets one service type, or one entry with at most one field, and
   * nothing else. Then the candidates need no matches() check and their number is the total.
   */
  static exact(template) {
    const types = template.serviceTypes?.length ?? 0;
    const entries = template.attributes?.length ?? 0;
    if (template.serviceId || types + entries !== 1)
      return false;
    if (types === 1)
      return true;
    let fields = 0;
    for (const k in template.attributes[0].fields)
      if (Object.prototype.hasOwnProperty.call(template.attributes[0].fields, k))
        fields++;
    return fields <= 1;
  }
};

// packages/lookup/dist/src/registry/expiry-schedule.js
var DeadlineSchedule = class {
  clock;
  onDue;
  heap = [];
  timer;
  timerAt = Infinity;
  constructor(clock, onDue) {
    this.clock = clock;
    this.onDue = onDue;
  }
  /** Sets (or moves) the deadline of s. */
  schedule(s, at) {
    const old = s.expiresAt;
    s.expiresAt = at;
    if (s.heapIndex < 0) {
      s.heapIndex = this.heap.length;
      this.heap.push(s);
      this.up(s.heapIndex);
    } else if (at < old)
      this.up(s.heapIndex);
    else
      this.down(s.heapIndex);
    if (at < this.timerAt)
      this.arm();
  }
  /** Forgets s; a no-op when it is not scheduled. */
  remove(s) {
    const i = s.heapIndex;
    if (i < 0)
      return;
    s.heapIndex = -1;
    const last = this.heap.pop();
    if (last === s)
      return;
    this.heap[i] = last;
    last.heapIndex = i;
    this.up(i);
    this.down(last.heapIndex);
  }
  get size() {
    return this.heap.length;
  }
  /** Cancels the timer; nothing fires afterwards. */
  stop() {
    this.timer?.cancel();
    this.timer = void 0;
    this.timerAt = Infinity;
  }
  arm() {
    this.timer?.cancel();
    this.timer = void 0;
    this.timerAt = Infinity;
    const head = this.heap[0];
    if (!head)
      return;
    this.timerAt = head.expiresAt;
    this.timer = this.clock.setTimer(() => this.fire(), head.expiresAt - this.clock.now());
  }
  fire() {
    this.timer = void 0;
    this.timerAt = Infinity;
    const now = this.clock.now();
    for (; ; ) {
      const head = this.heap[0];
      if (!head || head.expiresAt > now)
        break;
      this.remove(head);
      this.onDue(head);
    }
    this.arm();
  }
  up(i) {
    const h = this.heap;
    const s = h[i];
    while (i > 0) {
      const p = i - 1 >> 1;
      if (h[p].expiresAt <= s.expiresAt)
        break;
      h[i] = h[p];
      h[i].heapIndex = i;
      i = p;
    }
    h[i] = s;
    s.heapIndex = i;
  }
  down(i) {
    const h = this.heap;
    const s = h[i];
    const n = h.length;
    for (; ; ) {
      const l = 2 * i + 1;
      if (l >= n)
        break;
      const r = l + 1;
      const c = r < n && h[r].expiresAt < h[l].expiresAt ? r : l;
      if (h[c].expiresAt >= s.expiresAt)
        break;
      h[i] = h[c];
      h[i].heapIndex = i;
      i = c;
    }
    h[i] = s;
    s.heapIndex = i;
  }
};

// packages/lookup/dist/src/registry/template.js
function entryMatches(template, entry) {
  if (template.type !== entry.type)
    return false;
  for (const k in template.fields) {
    if (!Object.prototype.hasOwnProperty.call(entry.fields, k) || entry.fields[k] !== template.fields[k])
      return false;
  }
  return true;
}
function matches(template, item) {
  if (template.serviceId && template.serviceId !== item.serviceId)
    return false;
  if (template.serviceTypes) {
    for (const t of template.serviceTypes)
      if (!item.serviceTypes.includes(t))
        return false;
  }
  if (template.attributes) {
    for (const te of template.attributes) {
      if (!item.attributes.some((e) => entryMatches(te, e)))
        return false;
    }
  }
  return true;
}

// packages/lookup/dist/src/registry/registrar.js
var Registration = class {
  item;
  leaseId;
  expiresAt;
  owner;
  bytes;
  heapIndex = -1;
  constructor(item, leaseId, expiresAt, owner, bytes) {
    this.item = item;
    this.leaseId = leaseId;
    this.expiresAt = expiresAt;
    this.owner = owner;
    this.bytes = bytes;
  }
};
var DEPARTED_MEMORY = 1e5;
var RESULT_CACHE_TEMPLATES = 64;
var RESULT_CACHE_MAX_ITEMS = 1e4;
function exactKey(template) {
  if (template.serviceTypes?.length)
    return "s\0" + template.serviceTypes[0];
  const e = template.attributes[0];
  for (const k in e.fields)
    if (Object.prototype.hasOwnProperty.call(e.fields, k))
      return "e\0" + e.type + "\0" + k + "\0" + e.fields[k];
  return "e\0" + e.type;
}
var Registrar = class {
  /** Identifies this registrar instance; watchers resume only against the same one. */
  registrarId = randomUUID();
  maxLeaseMs;
  clock;
  registrations = /* @__PURE__ */ new Map();
  leases = /* @__PURE__ */ new Map();
  index = new AttributeIndex();
  schedule;
  subject = new Subject();
  renewed = new Subject();
  /** The last logSize changes, oldest at logStart (a ring once full). */
  log = [];
  logStart = 0;
  logSize;
  rev = 0;
  owned = /* @__PURE__ */ new Map();
  // Service IDs whose item left, by the name that held them: nobody else may take them.
  departed = /* @__PURE__ */ new Map();
  maxItemsPerOwner;
  maxBytesPerOwner;
  /**
   * Answers to exact templates (one role, one name, one service type), reused until the next
   * change: renewals change nothing here, so a pool's steady state keeps them all valid.
   */
  results = /* @__PURE__ */ new Map();
  /** Totals since start (registrations, renewals, leases that expired or were cancelled) and open watch sessions. */
  stats = { registrations: 0, renewals: 0, expired: 0, cancelled: 0, watchSessions: 0 };
  constructor(options = {}) {
    this.clock = options.clock ?? systemClock;
    this.maxLeaseMs = options.maxLeaseMs ?? DEFAULT_MAX_LEASE_MS;
    this.maxItemsPerOwner = options.maxItemsPerOwner ?? DEFAULT_OWNER_LIMITS.items;
    this.maxBytesPerOwner = options.maxBytesPerOwner ?? DEFAULT_OWNER_LIMITS.bytes;
    if (!Number.isSafeInteger(this.maxLeaseMs) || this.maxLeaseMs < 1)
      throw new InvalidArgumentError(`max lease ${this.maxLeaseMs} ms must be a positive integer`);
    this.logSize = Math.max(0, Math.floor(options.eventLogSize ?? 1e4));
    this.schedule = new DeadlineSchedule(this.clock, (reg) => this.remove(reg, "EXPIRED"));
  }
  /** Every change, as it happens. */
  get changes() {
    return this.subject.asObservable();
  }
  /** Every renewal, as it happens: the item and the duration granted (watchers that asked for lease renewals follow it). */
  get renewals() {
    return this.renewed.asObservable();
  }
  /** The revision of the latest change. */
  get revision() {
    return this.rev;
  }
  /** Number of registered items. */
  get size() {
    return this.registrations.size;
  }
  grant(requestedMs) {
    if (!Number.isSafeInteger(requestedMs) || requestedMs < 0) {
      throw new InvalidArgumentError(`lease duration ${requestedMs} ms is invalid: give a positive number of ms (0 lets the registrar choose)`);
    }
    return requestedMs === 0 ? this.maxLeaseMs : Math.min(requestedMs, this.maxLeaseMs);
  }
  emit(serviceId, before, after, reason) {
    const change = { revision: ++this.rev, serviceId, before, after, reason, at: this.clock.now() };
    if (this.log.length < this.logSize)
      this.log.push(change);
    else if (this.logSize > 0) {
      this.log[this.logStart] = change;
      this.logStart = (this.logStart + 1) % this.logSize;
    }
    this.subject.next(change);
  }
  /** Registers (or replaces) an item owned by `owner`, leased for up to requestedMs. */
  register(owner, rawItem, requestedMs) {
    const durationMs = this.grant(requestedMs);
    const item = normalizeItem(rawItem, owner.name);
    checkNames(item.attributes, owner.name);
    const old = this.registrations.get(item.serviceId);
    if (old && old.owner.serial !== owner.serial) {
      throw new PermissionError(`service ${item.serviceId} is registered by '${old.item.owner}' (serial ${old.owner.serial}); '${owner.name}' (serial ${owner.serial}) cannot replace it`);
    }
    const departedBy = this.departed.get(item.serviceId);
    if (!old && departedBy !== void 0 && departedBy !== owner.name) {
      throw new PermissionError(`service ${item.serviceId} belonged to '${departedBy}'; '${owner.name}' cannot take it`);
    }
    const bytes = itemBytes(item);
    this.charge(owner, bytes - (old?.bytes ?? 0), old ? 0 : 1);
    if (old) {
      this.leases.delete(old.leaseId);
      this.schedule.remove(old);
      this.index.remove(old);
    }
    const leaseId = newUuid();
    const expiresAt = this.clock.now() + durationMs;
    this.index.intern(item);
    const reg = new Registration(item, leaseId, expiresAt, owner, bytes);
    this.departed.delete(item.serviceId);
    this.registrations.set(item.serviceId, reg);
    this.leases.set(leaseId, reg);
    this.index.add(reg);
    this.schedule.schedule(reg, expiresAt);
    this.stats.registrations++;
    this.emit(item.serviceId, old?.item, item, old ? "REPLACED" : void 0);
    return { serviceId: item.serviceId, lease: { leaseId, durationMs } };
  }
  ownedLease(owner, leaseId) {
    const reg = this.leases.get(leaseId);
    if (!reg)
      throw new UnknownLeaseError(leaseId);
    if (reg.owner.serial !== owner.serial)
      throw new PermissionError(`lease ${leaseId} belongs to '${reg.item.owner}' (serial ${reg.owner.serial}), not '${owner.name}' (serial ${owner.serial})`);
    return reg;
  }
  // Counts an owner's items and bytes; refuses (and changes nothing) past the limits.
  charge(owner, bytes, items) {
    const o = this.owned.get(owner.serial) ?? { items: 0, bytes: 0 };
    if (o.items + items > this.maxItemsPerOwner)
      throw new LimitError(`'${owner.name}' already holds ${o.items} items; the limit is ${this.maxItemsPerOwner} per credential`);
    if (o.bytes + bytes > this.maxBytesPerOwner)
      throw new LimitError(`'${owner.name}' would hold ${o.bytes + bytes} bytes of items; the limit is ${this.maxBytesPerOwner} per credential`);
    o.items += items;
    o.bytes += bytes;
    this.owned.set(owner.serial, o);
  }
  uncharge(reg) {
    const o = this.owned.get(reg.owner.serial);
    if (!o)
      return;
    o.items--;
    o.bytes -= reg.bytes;
    if (o.items <= 0)
      this.owned.delete(reg.owner.serial);
  }
  /** Renews a lease; returns the granted duration. */
  renew(owner, leaseId, requestedMs) {
    const durationMs = this.grant(requestedMs);
    const reg = this.ownedLease(owner, leaseId);
    this.schedule.schedule(reg, this.clock.now() + durationMs);
    this.stats.renewals++;
    if (this.renewed.observed)
      this.renewed.next({ serviceId: reg.item.serviceId, item: reg.item, durationMs });
    return durationMs;
  }
  /** Cancels a lease: the item goes at once with reason CANCELLED. */
  cancel(owner, leaseId) {
    const reg = this.ownedLease(owner, leaseId);
    this.remove(reg, "CANCELLED");
  }
  remove(reg, reason) {
    this.registrations.delete(reg.item.serviceId);
    this.uncharge(reg);
    if (this.departed.size >= DEPARTED_MEMORY)
      this.departed.delete(this.departed.keys().next().value);
    this.departed.set(reg.item.serviceId, reg.item.owner);
    this.leases.delete(reg.leaseId);
    this.schedule.remove(reg);
    this.index.remove(reg);
    if (reason === "EXPIRED")
      this.stats.expired++;
    else if (reason === "CANCELLED")
      this.stats.cancelled++;
    this.emit(reg.item.serviceId, reg.item, void 0, reason);
  }
  /** Items matching the template, at most maxMatches of them (0: all), and how many match in all. */
  lookup(template, maxMatches = 0) {
    const { items, total } = this.select(template, maxMatches, false);
    return { items, total };
  }
  /**
   * lookup(), with the remaining lease of each item in ms (what a Lookup call answers). The
   * items list may be shared with other callers and is frozen.
   */
  lookupWithLeases(template, maxMatches = 0) {
    if (maxMatches === 0 && !template.serviceId && AttributeIndex.exact(template))
      return this.cachedSelect(template);
    return this.select(template, maxMatches, true);
  }
  /** An exact template's answer from the result cache, filled on a miss; leases are always read fresh. */
  cachedSelect(template) {
    const key = exactKey(template);
    let hit = this.results.get(key);
    if (hit === void 0 || hit.revision !== this.rev) {
      const found = this.index.candidates(template);
      const regs2 = found === void 0 ? [...this.registrations.values()] : [...found.members];
      if (regs2.length > RESULT_CACHE_MAX_ITEMS) {
        this.results.delete(key);
        return this.select(template, 0, true);
      }
      hit = { revision: this.rev, regs: regs2, items: Object.freeze(regs2.map((r) => r.item)) };
      this.results.delete(key);
      if (this.results.size >= RESULT_CACHE_TEMPLATES)
        this.results.delete(this.results.keys().next().value);
      this.results.set(key, hit);
    }
    const now = this.clock.now();
    const regs = hit.regs;
    const leaseRemainingMs = new Array(regs.length);
    for (let i = 0; i < regs.length; i++)
      leaseRemainingMs[i] = Math.max(0, regs[i].expiresAt - now);
    return { items: hit.items, total: regs.length, leaseRemainingMs };
  }
  select(template, maxMatches, leases) {
    if (!Number.isSafeInteger(maxMatches) || maxMatches < 0)
      throw new InvalidArgumentError(`max_matches ${maxMatches} must be 0 (no limit) or positive`);
    const limit = maxMatches === 0 ? Infinity : maxMatches;
    const items = [];
    const leaseRemainingMs = [];
    const now = leases ? this.clock.now() : 0;
    let total = 0;
    let candidates;
    let check = true;
    if (template.serviceId) {
      const reg = this.registrations.get(template.serviceId);
      candidates = reg ? [reg] : [];
    } else {
      const found = this.index.candidates(template);
      if (found === void 0)
        candidates = this.registrations.values();
      else {
        candidates = found.members;
        if (AttributeIndex.exact(template)) {
          check = false;
          total = found.size;
        }
      }
    }
    for (const reg of candidates) {
      if (check) {
        if (!matches(template, reg.item))
          continue;
        total++;
      } else if (items.length >= limit)
        break;
      if (items.length < limit) {
        items.push(reg.item);
        if (leases)
          leaseRemainingMs.push(Math.max(0, reg.expiresAt - now));
      }
    }
    return { items, total, leaseRemainingMs };
  }
  /** The item registered under serviceId, if any. */
  get(serviceId) {
    return this.registrations.get(serviceId)?.item;
  }
  /** Milliseconds until the item's lease ends (0 if it is not registered). */
  leaseRemaining(serviceId) {
    const reg = this.registrations.get(serviceId);
    return reg ? Math.max(0, reg.expiresAt - this.clock.now()) : 0;
  }
  /** The changes after `revision`, or undefined when the log no longer reaches back that far. */
  changesSince(revision) {
    if (revision > this.rev)
      return void 0;
    if (revision === this.rev)
      return [];
    const n = this.log.length;
    const first = this.log[this.logStart];
    if (!first || first.revision > revision + 1)
      return void 0;
    const skip = revision + 1 - first.revision;
    const out = new Array(n - skip);
    for (let i = skip; i < n; i++)
      out[i - skip] = this.log[(this.logStart + i) % n];
    return out;
  }
  ownedItem(owner, serviceId) {
    checkServiceId(serviceId);
    const reg = this.registrations.get(serviceId);
    if (!reg)
      throw new UnknownServiceError(serviceId);
    if (reg.owner.serial !== owner.serial)
      throw new PermissionError(`service ${serviceId} is registered by '${reg.item.owner}' (serial ${reg.owner.serial}); '${owner.name}' (serial ${owner.serial}) cannot change it`);
    return reg;
  }
  replaceAttributes(reg, attributes) {
    if (attributes.length > LIMITS.attributes)
      throw new InvalidArgumentError(`the item would have ${attributes.length} entries; the limit is ${LIMITS.attributes}`);
    const next = { ...reg.item, attributes };
    const size = itemBytes(next);
    if (size > LIMITS.itemBytes)
      throw new InvalidArgumentError(`the item would be ${size} bytes; the limit is ${LIMITS.itemBytes}`);
    checkNames(attributes, reg.item.owner);
    this.charge(reg.owner, size - reg.bytes, 0);
    reg.bytes = size;
    const before = reg.item;
    this.index.remove(reg);
    this.index.intern(next);
    reg.item = next;
    this.index.add(reg);
    this.emit(next.serviceId, before, next, "MODIFIED");
    return next;
  }
  /** Appends entries to a registration's attributes. */
  addAttributes(owner, serviceId, entries) {
    const reg = this.ownedItem(owner, serviceId);
    const add = checkEntries(entries, "attributes");
    return this.replaceAttributes(reg, [...reg.item.attributes, ...add]);
  }
  /** Replaces a registration's attributes. */
  setAttributes(owner, serviceId, entries) {
    const reg = this.ownedItem(owner, serviceId);
    return this.replaceAttributes(reg, checkEntries(entries, "attributes"));
  }
  /**
   * Jini's modifyAttributes: every entry matching templates[i] takes the fields set in
   * changes[i]; a change with an empty type deletes the matching entries.
   */
  modifyAttributes(owner, serviceId, templates, changes) {
    const reg = this.ownedItem(owner, serviceId);
    const tpl = checkEntries(templates, "templates");
    const rawChanges = Array.isArray(changes) ? changes : [];
    if (rawChanges.length !== tpl.length) {
      throw new InvalidArgumentError(`templates has ${tpl.length} entries but changes has ${rawChanges.length}; they must pair up`);
    }
    const chg = rawChanges.map((c, i) => {
      const e = c;
      if (!e || !e.type && (!e.fields || Object.keys(e.fields).length === 0))
        return null;
      const [checked] = checkEntries([{ type: e.type || tpl[i].type, fields: e.fields ?? {} }], `changes[${i}]`);
      if (checked.type !== tpl[i].type)
        throw new InvalidArgumentError(`changes[${i}].type '${checked.type}' differs from templates[${i}].type '${tpl[i].type}'`);
      return checked;
    });
    const out = [];
    for (const entry of reg.item.attributes) {
      let current = entry;
      for (let i = 0; i < tpl.length && current; i++) {
        if (!entryMatches(tpl[i], entry))
          continue;
        const c = chg[i];
        current = c === null ? null : { type: current.type, fields: { ...current.fields, ...c.fields } };
      }
      if (current)
        out.push(current);
    }
    return this.replaceAttributes(reg, out);
  }
  /** Stops the expiry timer and completes the change stream. */
  close() {
    this.schedule.stop();
    this.subject.complete();
  }
};
function checkNames(attributes, name) {
  for (const e of attributes) {
    if (e.type === NAME_ENTRY && e.fields.name !== void 0 && e.fields.name !== name) {
      throw new PermissionError(`${NAME_ENTRY} '${e.fields.name}' is not the registering credential's name '${name}'`);
    }
  }
}

// packages/lookup/dist/src/rpc/rpc-server.js
var grpc = __toESM(require_src(), 1);
var import_reflection = __toESM(require_src3(), 1);
var import_grpc_health_check = __toESM(require_health(), 1);

// packages/lookup/dist/src/rpc/advertised-host.js
import { networkInterfaces } from "node:os";
function advertisedHost(host, advertiseHost, mdnsInterface) {
  if (host !== "0.0.0.0" && host !== "::" && host !== "[::]")
    return host;
  if (advertiseHost)
    return advertiseHost;
  if (mdnsInterface)
    return mdnsInterface;
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? [])
      if (a.family === "IPv4" && !a.internal)
        return a.address;
  }
  return "127.0.0.1";
}

// packages/lookup/dist/src/rpc/request-digest.js
var DIGEST = /* @__PURE__ */ Symbol("lama.requestDigest");
function digestOf(request) {
  return typeof request === "object" && request !== null ? request[DIGEST] ?? "" : "";
}
function withRequestDigests(definition) {
  const out = {};
  for (const [name, m] of Object.entries(definition)) {
    out[name] = m.requestStream ? m : {
      ...m,
      requestDeserialize: (bytes) => {
        const request = m.requestDeserialize(bytes);
        if (typeof request === "object" && request !== null)
          Object.defineProperty(request, DIGEST, { value: requestDigest(bytes) });
        return request;
      }
    };
  }
  return out;
}

// packages/lookup/dist/src/rpc/rpc-server.js
var RpcServer = class {
  o;
  health;
  server;
  starting;
  stopping;
  bound;
  constructor(o) {
    this.o = o;
    this.health = new import_grpc_health_check.HealthImplementation(Object.fromEntries(["", ...o.services.map((s) => s.name)].map((n) => [n, "NOT_SERVING"])));
  }
  /** HOST:PORT to dial, after start(). */
  get endpoint() {
    if (!this.bound)
      throw new NotStartedError("gRPC server not started");
    return this.bound;
  }
  /** Binds, serves, and resolves with the advertised HOST:PORT. */
  start() {
    this.starting ??= this.bind();
    return this.starting;
  }
  async bind() {
    const transport = this.o.transport ?? defaultTransport();
    const credentials = serverCredentials(this.o.credential, transport, this.o.listen);
    const server = new grpc.Server(this.o.serverOptions);
    for (const s of this.o.services) {
      if (transport === "plaintext")
        server.addService(withRequestDigests(s.definition), s.handlers);
      else
        server.addService(s.definition, markedTls(s.handlers));
    }
    this.health.addToServer(server);
    if (this.o.reflection?.length)
      new import_reflection.ReflectionService(Object.assign({}, ...this.o.reflection)).addToServer(server);
    const listen = this.o.listen;
    const port = await new Promise((resolve, reject) => {
      server.bindAsync(listen, credentials, (err, p) => err ? reject(err) : resolve(p));
    });
    this.server = server;
    this.bound = `${advertisedHost(listen.slice(0, listen.lastIndexOf(":")), this.o.advertiseHost, this.o.mdnsInterface)}:${port}`;
    this.setServing(true);
    return this.bound;
  }
  /** Sets every service's health status. */
  setServing(serving) {
    const status2 = serving ? "SERVING" : "NOT_SERVING";
    this.health.setStatus("", status2);
    for (const s of this.o.services)
      this.health.setStatus(s.name, status2);
  }
  /** Stops serving: open calls get graceMs (default: the option's) to finish, then are cut. */
  stop(graceMs = this.o.graceMs ?? 2e3) {
    if (!this.starting)
      return Promise.resolve();
    this.stopping ??= this.shutdown(this.starting, graceMs);
    return this.stopping;
  }
  async shutdown(starting, graceMs) {
    await starting.catch(() => void 0);
    const server = this.server;
    this.server = void 0;
    if (!server)
      return;
    this.setServing(false);
    await new Promise((resolve) => {
      const t = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, graceMs);
      server.tryShutdown(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }
};
function markedTls(handlers) {
  const out = {};
  for (const [name, h] of Object.entries(handlers)) {
    out[name] = ((call, ...rest) => {
      markTlsCall(call);
      return h(call, ...rest);
    });
  }
  return out;
}

// packages/lookup/dist/src/wire/fast-encode.js
var isUint = (v) => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
function varintSize(v) {
  let n = 1;
  while (v > 127) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}
function writeVarint(buf, pos, v) {
  while (v > 127) {
    buf[pos++] = v % 128 | 128;
    v = Math.floor(v / 128);
  }
  buf[pos++] = v;
  return pos;
}
var delimited = (len) => 1 + varintSize(len) + len;
function writeString(buf, pos, tag, s, len) {
  buf[pos++] = tag;
  pos = writeVarint(buf, pos, len);
  return len === 0 ? pos : pos + buf.write(s, pos, len, "utf8");
}
function encodeServiceItem(item) {
  const { serviceId, serviceTypes, endpoint, attributes, owner } = item;
  if (typeof serviceId !== "string" || typeof endpoint !== "string" || typeof owner !== "string")
    return void 0;
  if (!Array.isArray(serviceTypes) || !Array.isArray(attributes))
    return void 0;
  const lens = [];
  let size = 0;
  const str = (s) => {
    if (typeof s !== "string")
      return -1;
    const n2 = Buffer.byteLength(s, "utf8");
    lens.push(n2);
    return delimited(n2);
  };
  let n = str(serviceId);
  size += n;
  for (const t of serviceTypes) {
    if ((n = str(t)) < 0)
      return void 0;
    size += n;
  }
  size += str(endpoint);
  for (const e of attributes) {
    if (typeof e !== "object" || e === null || typeof e.fields !== "object" || e.fields === null)
      return void 0;
    const at = lens.length;
    lens.push(0);
    let body = str(e.type);
    if (body < 0)
      return void 0;
    for (const k of Object.keys(e.fields)) {
      const kn = str(k);
      const vn = str(e.fields[k]);
      if (vn < 0)
        return void 0;
      body += delimited(kn + vn);
    }
    lens[at] = body;
    size += delimited(body);
  }
  size += str(owner);
  const buf = Buffer.allocUnsafe(size);
  let i = 0;
  let pos = writeString(buf, 0, 10, serviceId, lens[i++]);
  for (const t of serviceTypes)
    pos = writeString(buf, pos, 18, t, lens[i++]);
  pos = writeString(buf, pos, 26, endpoint, lens[i++]);
  for (const e of attributes) {
    buf[pos++] = 34;
    pos = writeVarint(buf, pos, lens[i++]);
    pos = writeString(buf, pos, 10, e.type, lens[i++]);
    for (const k of Object.keys(e.fields)) {
      const kn = lens[i++];
      const vn = lens[i++];
      buf[pos++] = 18;
      pos = writeVarint(buf, pos, delimited(kn) + delimited(vn));
      pos = writeString(buf, pos, 10, k, kn);
      pos = writeString(buf, pos, 18, e.fields[k], vn);
    }
  }
  pos = writeString(buf, pos, 42, owner, lens[i++]);
  if (pos !== size)
    throw new InternalError(`ServiceItem encoder wrote ${pos} bytes, expected ${size}`);
  return buf;
}
var itemBytesCache = /* @__PURE__ */ new WeakMap();
function cachedItem(item) {
  if (typeof item !== "object" || item === null)
    return void 0;
  let s = itemBytesCache.get(item);
  if (s === void 0) {
    const b = encodeServiceItem(item);
    if (b === void 0)
      return void 0;
    s = b.toString("latin1");
    itemBytesCache.set(item, s);
  }
  return s;
}
function writeItem(buf, pos, tag, s) {
  buf[pos++] = tag;
  pos = writeVarint(buf, pos, s.length);
  return pos + buf.write(s, pos, s.length, "latin1");
}
var itemListCache = /* @__PURE__ */ new WeakMap();
function encodeItems(list) {
  const cached = itemListCache.get(list);
  if (cached !== void 0)
    return cached;
  const parts = new Array(list.length);
  let size = 0;
  for (let i = 0; i < list.length; i++) {
    const s = cachedItem(list[i]);
    if (s === void 0)
      return void 0;
    parts[i] = s;
    size += delimited(s.length);
  }
  const buf = Buffer.allocUnsafe(size);
  let pos = 0;
  for (const s of parts)
    pos = writeItem(buf, pos, 10, s);
  if (Object.isFrozen(list))
    itemListCache.set(list, buf);
  return buf;
}
var scratch = Buffer.allocUnsafe(0);
var SCRATCH_MAX = 4 * 1024 * 1024;
function scratchBytes(size) {
  if (size > SCRATCH_MAX)
    return Buffer.allocUnsafe(size);
  if (scratch.length < size)
    scratch = Buffer.allocUnsafe(Math.max(size, 2 * scratch.length));
  return scratch.subarray(0, size);
}
function encodeLookupInto(res, alloc) {
  const { items, total, leaseRemainingMs } = res;
  if (items != null && !Array.isArray(items))
    return void 0;
  if (leaseRemainingMs != null && !Array.isArray(leaseRemainingMs))
    return void 0;
  if (total != null && !(isUint(total) && total <= 2147483647))
    return void 0;
  const body = encodeItems(items ?? []);
  if (body === void 0)
    return void 0;
  let size = body.length;
  if (total != null)
    size += 1 + varintSize(total);
  const leases = leaseRemainingMs ?? [];
  let packed = 0;
  for (const v of leases) {
    if (!isUint(v))
      return void 0;
    packed += varintSize(v);
  }
  if (leases.length)
    size += delimited(packed);
  const buf = alloc(size);
  let pos = body.copy(buf, 0);
  if (total != null) {
    buf[pos++] = 16;
    pos = writeVarint(buf, pos, total);
  }
  if (leases.length) {
    buf[pos++] = 26;
    pos = writeVarint(buf, pos, packed);
    for (const v of leases)
      pos = writeVarint(buf, pos, v);
  }
  if (pos !== size)
    throw new InternalError(`LookupResponse encoder wrote ${pos} bytes, expected ${size}`);
  return buf;
}
var KIND = { KIND_UNSPECIFIED: 0, SNAPSHOT_ITEM: 1, SYNCED: 2, TRANSITION: 3, RESYNC: 4, LEASE_RENEWED: 5 };
var TRANSITION = { TRANSITION_UNSPECIFIED: 0, MATCH_NOMATCH: 1, NOMATCH_MATCH: 2, MATCH_MATCH: 3 };
var REASON = { REASON_UNSPECIFIED: 0, EXPIRED: 1, CANCELLED: 2, REPLACED: 3, MODIFIED: 4 };
function enumNumber(table, v) {
  return typeof v === "string" && Object.prototype.hasOwnProperty.call(table, v) ? table[v] : void 0;
}
function encodeWatchEvent(e) {
  const kind = enumNumber(KIND, e.kind);
  const transition = enumNumber(TRANSITION, e.transition);
  const reason = enumNumber(REASON, e.reason);
  const { sequence, revision, registrarId, serviceId, leaseRemainingMs } = e;
  if (kind === void 0 || transition === void 0 || reason === void 0)
    return void 0;
  if (!isUint(sequence) || !isUint(revision) || !isUint(leaseRemainingMs))
    return void 0;
  if (typeof registrarId !== "string" || typeof serviceId !== "string")
    return void 0;
  let item;
  if (e.item != null) {
    item = cachedItem(e.item);
    if (item === void 0)
      return void 0;
  }
  const ridLen = Buffer.byteLength(registrarId, "utf8");
  const sidLen = Buffer.byteLength(serviceId, "utf8");
  const size = 1 + varintSize(kind) + 1 + varintSize(sequence) + 1 + varintSize(revision) + delimited(ridLen) + 1 + varintSize(transition) + delimited(sidLen) + (item !== void 0 ? delimited(item.length) : 0) + 1 + varintSize(reason) + 1 + varintSize(leaseRemainingMs);
  const buf = Buffer.allocUnsafe(size);
  buf[0] = 8;
  let pos = writeVarint(buf, 1, kind);
  buf[pos++] = 16;
  pos = writeVarint(buf, pos, sequence);
  buf[pos++] = 24;
  pos = writeVarint(buf, pos, revision);
  pos = writeString(buf, pos, 34, registrarId, ridLen);
  buf[pos++] = 40;
  pos = writeVarint(buf, pos, transition);
  pos = writeString(buf, pos, 50, serviceId, sidLen);
  if (item !== void 0)
    pos = writeItem(buf, pos, 58, item);
  buf[pos++] = 64;
  pos = writeVarint(buf, pos, reason);
  buf[pos++] = 72;
  pos = writeVarint(buf, pos, leaseRemainingMs);
  if (pos !== size)
    throw new InternalError(`WatchEvent encoder wrote ${pos} bytes, expected ${size}`);
  return buf;
}
function encodeRenewResult(r) {
  const { leaseId, durationMs, code, message } = r;
  if (r.errorCode || typeof leaseId !== "string" || typeof message !== "string" || !isUint(durationMs) || !isUint(code) || code > 2147483647)
    return void 0;
  const idLen = Buffer.byteLength(leaseId, "utf8");
  const msgLen = message.length === 0 ? 0 : Buffer.byteLength(message, "utf8");
  const size = delimited(idLen) + 1 + varintSize(durationMs) + 1 + varintSize(code) + delimited(msgLen);
  const buf = Buffer.allocUnsafe(size);
  let pos = writeString(buf, 0, 10, leaseId, idLen);
  buf[pos++] = 16;
  pos = writeVarint(buf, pos, durationMs);
  buf[pos++] = 24;
  pos = writeVarint(buf, pos, code);
  pos = writeString(buf, pos, 34, message, msgLen);
  if (pos !== size)
    throw new InternalError(`RenewResult encoder wrote ${pos} bytes, expected ${size}`);
  return buf;
}
function withSerializer(method, fast) {
  const generic = method.responseSerialize;
  return { ...method, responseSerialize: (value) => fast(value) ?? generic(value) };
}
function fastRegistrarDefinition(base) {
  return {
    ...base,
    // Only here may the bytes live in the scratch buffer: grpc-js copies them at once.
    Lookup: withSerializer(base.Lookup, (res) => encodeLookupInto(res, scratchBytes)),
    Watch: withSerializer(base.Watch, encodeWatchEvent),
    KeepAlive: withSerializer(base.KeepAlive, encodeRenewResult)
  };
}

// packages/lookup/dist/src/discovery/lookup-announcer.js
import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
var STARTUP_ANNOUNCEMENTS_MS = [0, 250, 1e3, 3e3];
var QUERY_BURST_BUFFER_BYTES = 1 << 20;
var LookupAnnouncer = class extends EventEmitter {
  o;
  stats = { queries: 0, answered: 0, announced: 0, ignoredResponses: 0, malformed: 0, credential: 0, role: 0, signature: 0, stale: 0, replay: 0, limit: 0, unsolicited: 0, group: 0 };
  transport;
  // Every answered nonce, for as long as a query carrying it could be fresh.
  seenNonces = new ReplayWindow(DISCOVERY_WINDOW_MS, currentLimits().discoveryNonces);
  seq;
  timers = [];
  started = false;
  stopping = false;
  host;
  port;
  constructor(o) {
    super();
    this.o = o;
    this.transport = o.mdns ? new MdnsTransport(o.mdns, false, "query", QUERY_BURST_BUFFER_BYTES) : void 0;
    this.seq = o.clock.now() * 1e3;
    const i = o.endpoint.lastIndexOf(":");
    this.host = o.endpoint.slice(0, i).replace(/^\[|\]$/g, "");
    this.port = Number(o.endpoint.slice(i + 1));
  }
  async start() {
    if (!this.transport || this.started)
      return;
    this.started = true;
    this.transport.onPacket((p, r) => this.onPacket(p, r));
    this.transport.onIgnored(() => this.stats.ignoredResponses++);
    this.transport.onWarning((err) => {
      if (!err.code)
        this.reject("malformed", "undecodable packet", "?");
    });
    await this.transport.start();
    for (const delay2 of STARTUP_ANNOUNCEMENTS_MS)
      this.timers.push(this.o.clock.setTimer(() => this.announce("announce"), delay2));
    const periodic = () => {
      this.announce("announce");
      this.timers.push(this.o.clock.setTimer(periodic, this.o.announceIntervalMs));
    };
    this.timers.push(this.o.clock.setTimer(periodic, this.o.announceIntervalMs));
  }
  /** Says goodbye (twice, a packet may be lost) and closes the sockets. */
  async stop() {
    if (this.stopping)
      return;
    this.stopping = true;
    for (const t of this.timers)
      t.cancel();
    this.timers = [];
    if (!this.transport)
      return;
    this.announce("goodbye");
    this.announce("goodbye");
    await new Promise((r) => setTimeout(r, 20));
    await this.transport.stop();
  }
  /** Signed fields describing this lookup service; `nonce` binds an answer to a query. */
  fields(kind, nonce) {
    const f = {
      v: "1",
      k: kind,
      id: this.o.serviceId,
      b: this.o.bootId,
      ep: this.o.endpoint,
      g: this.o.groups.join(","),
      seq: String(++this.seq),
      ts: String(this.o.clock.now()),
      ai: String(this.o.announceIntervalMs)
    };
    if (nonce)
      f.n = nonce;
    return signFields(f, this.o.credential);
  }
  packet(kind, nonce) {
    return lookupResponse({
      instance: this.o.credential.certificate.name,
      host: this.host,
      port: this.port,
      groups: this.o.groups,
      fields: this.fields(kind, nonce),
      ttl: kind === "goodbye" ? 0 : Math.ceil(3 * this.o.announceIntervalMs / 1e3)
    });
  }
  announce(kind) {
    this.stats.announced++;
    this.transport?.respond(this.packet(kind));
  }
  reject(reason, message, from) {
    this.stats[reason]++;
    this.emit("rejected", reason, message, from);
  }
  onPacket(packet, rinfo) {
    if (packet.type !== "query" || this.stopping)
      return;
    const from = `${rinfo.address}:${rinfo.port}`;
    try {
      const fields = queryFieldsOf(packet);
      if (!fields)
        return;
      this.stats.queries++;
      const nonce = this.checkQuery(fields);
      this.stats.answered++;
      this.transport?.respond(this.packet("answer", nonce), rinfo);
    } catch (err) {
      if (err instanceof DiscoveryRejection)
        this.reject(err.reason, err.message, from);
      else
        this.reject("malformed", err.message, from);
    }
  }
  /** Verifies a signed query; returns its nonce. Throws DiscoveryRejection. */
  checkQuery(fields) {
    if (fields.v !== "1" || fields.k !== "query")
      throw new DiscoveryRejection("malformed", "not a LAMA v1 query");
    const nonce = fields.n;
    if (!nonce || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce))
      throw new DiscoveryRejection("malformed", "missing or bad nonce");
    const now = this.o.clock.now();
    const ts = checkFresh(fields.ts, now);
    if (this.seenNonces.has(nonce, now))
      throw new DiscoveryRejection("replay", "nonce seen before");
    verifyFields(fields, this.o.verifier);
    const wanted = fields.g ? fields.g.split(",") : [];
    if (wanted.length && !wanted.some((g) => this.o.groups.includes(g)))
      throw new DiscoveryRejection("group", `query for groups ${fields.g}`);
    if (!this.seenNonces.add(nonce, now, ts - now))
      throw new DiscoveryRejection("limit", `${this.seenNonces.capacity} queries within ${DISCOVERY_WINDOW_MS / 1e3} s: refusing rather than forgetting a live nonce`);
    return nonce;
  }
};
function lookupServiceId(serial, endpoint) {
  const h = createHash("sha256").update(`${serial}|${endpoint}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${(parseInt(h[16], 16) & 3 | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// packages/lookup/dist/src/server/registrar-service.js
var grpc2 = __toESM(require_src(), 1);

// packages/lookup/dist/src/registry/watch-session.js
var TRANSITIONS = ["MATCH_NOMATCH", "NOMATCH_MATCH", "MATCH_MATCH"];
function transitionOf(template, change) {
  const pre = change.before !== void 0 && matches(template, change.before);
  const post = change.after !== void 0 && matches(template, change.after);
  if (pre && post)
    return { transition: "MATCH_MATCH", item: change.after };
  if (!pre && post)
    return { transition: "NOMATCH_MATCH", item: change.after };
  if (pre && !post)
    return { transition: "MATCH_NOMATCH", item: change.before, reason: change.reason };
  return void 0;
}
var WatchSession = class {
  registrar;
  sink;
  options;
  sequence = 0;
  subscription;
  renewalSubscription;
  blocked = false;
  bufferedWhileBlocked = 0;
  overflowed = false;
  wanted;
  maxBuffered;
  constructor(registrar, sink, options) {
    this.registrar = registrar;
    this.sink = sink;
    this.options = options;
    this.wanted = new Set(options.transitions?.length ? options.transitions : TRANSITIONS);
    this.maxBuffered = options.maxBuffered ?? 1e4;
  }
  /** Sends the snapshot or replay, then follows live changes. */
  start() {
    const r = this.options.resume;
    const replay = r && r.registrarId === this.registrar.registrarId ? this.registrar.changesSince(r.revision) : void 0;
    if (replay) {
      for (const c of replay)
        this.onChange(c);
      this.sendMarker("SYNCED");
    } else {
      this.sendSnapshot();
    }
    this.subscription = this.registrar.changes.subscribe((c) => this.onChange(c));
    if (this.options.leaseRenewals)
      this.renewalSubscription = this.registrar.renewals.subscribe((r2) => this.onRenewal(r2));
    this.registrar.stats.watchSessions++;
  }
  /** The consumer caught up: resume, with a resync if events were dropped. */
  drained() {
    this.blocked = false;
    this.bufferedWhileBlocked = 0;
    if (this.overflowed) {
      this.overflowed = false;
      this.sendMarker("RESYNC");
      this.sendSnapshot();
    }
  }
  /** Stops following changes. */
  close() {
    if (!this.subscription)
      return;
    this.registrar.stats.watchSessions--;
    this.subscription.unsubscribe();
    this.subscription = void 0;
    this.renewalSubscription?.unsubscribe();
  }
  sendSnapshot() {
    const { items, leaseRemainingMs } = this.registrar.lookupWithLeases(this.options.template);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      this.send({ kind: "SNAPSHOT_ITEM", serviceId: item.serviceId, item, leaseRemainingMs: leaseRemainingMs[i], sequence: 0, registrarId: "", revision: 0 });
    }
    this.sendMarker("SYNCED");
  }
  sendMarker(kind) {
    this.send({ kind, sequence: 0, registrarId: "", revision: 0, leaseRemainingMs: 0 });
  }
  onChange(change) {
    if (this.overflowed)
      return;
    const t = transitionOf(this.options.template, change);
    if (!t || !this.wanted.has(t.transition))
      return;
    this.send({
      kind: "TRANSITION",
      transition: t.transition,
      serviceId: change.serviceId,
      item: t.item,
      reason: t.reason,
      revision: change.revision,
      leaseRemainingMs: change.after ? this.registrar.leaseRemaining(change.serviceId) : 0,
      sequence: 0,
      registrarId: ""
    });
  }
  onRenewal(r) {
    if (this.overflowed || !matches(this.options.template, r.item))
      return;
    this.send({ kind: "LEASE_RENEWED", serviceId: r.serviceId, leaseRemainingMs: r.durationMs, sequence: 0, registrarId: "", revision: 0 });
  }
  /**
   * Numbers and writes an event. Callers build it as a literal with sequence, registrarId
   * and (for markers and snapshot items) revision left to fill in here, which keeps each
   * kind of event one object shape (an object spread per event per watcher was the
   * costliest step of a fan-out).
   */
  send(e) {
    if (this.overflowed)
      return;
    if (this.blocked && (e.kind === "TRANSITION" || e.kind === "LEASE_RENEWED") && ++this.bufferedWhileBlocked > this.maxBuffered) {
      this.overflowed = true;
      return;
    }
    e.sequence = ++this.sequence;
    e.registrarId = this.registrar.registrarId;
    if (e.kind !== "TRANSITION")
      e.revision = this.registrar.revision;
    const ok = this.sink.write(e);
    if (!ok)
      this.blocked = true;
  }
};

// packages/lookup/dist/src/rpc/auth-guard.js
var MAX_METADATA_BYTES = DEFAULT_LIMITS.maxMetadataBytes;
var STREAM_LIMITS = { perCredential: DEFAULT_LIMITS.maxStreamsPerCredential, perConnection: DEFAULT_LIMITS.maxStreamsPerConnection };
var MAX_TIMER_MS = 2 ** 31 - 1;
var AuthGuard = class {
  roles;
  verifier;
  o;
  anyServer;
  open = /* @__PURE__ */ new Set();
  perCredential = /* @__PURE__ */ new Map();
  perConnection = /* @__PURE__ */ new Map();
  limits;
  maxMetadataBytes;
  constructor(roles, verifier, o) {
    this.roles = roles;
    this.verifier = verifier;
    this.o = o;
    this.anyServer = new Set(o.anyServer ?? []);
    const limits = currentLimits();
    this.limits = o.streamLimits ?? { perCredential: limits.maxStreamsPerCredential, perConnection: limits.maxStreamsPerConnection };
    this.maxMetadataBytes = o.maxMetadataBytes ?? limits.maxMetadataBytes;
    verifier.revocations.on("revoked", (serials) => {
      for (const s of this.open)
        if (serials.includes(s.principal.serial))
          s.end(new CredentialError(`credential '${s.principal.name}' (serial ${s.principal.serial}) was revoked`));
    });
  }
  /** The caller of method, or throws (CredentialError, PermissionError) after reporting the refusal. */
  check(method, call) {
    try {
      const size = metadataBytes(call.metadata);
      if (size > this.maxMetadataBytes)
        throw new LimitError(`request metadata is ${size} bytes; the limit is ${this.maxMetadataBytes}`);
      const p = this.authenticate(method, call);
      const roles = this.roles[method];
      if (roles.length === 0)
        return p;
      for (const r of roles)
        if (p.roles.includes(r))
          return p;
      requireRole(p, ...roles);
      return p;
    } catch (err) {
      this.o.onRejected?.(method, err);
      throw err;
    }
  }
  authenticate(method, call) {
    if (isTlsCall(call)) {
      const peer = call.getAuthContext().sslPeerCertificate;
      if (!peer)
        throw new CredentialError("no client certificate issued by this pool (none presented, or expired, forged or from another pool)");
      return this.verifier.authenticatePeer(peer);
    }
    const token = header(call.metadata, CERT_HEADER);
    if (!token)
      throw new CredentialError("no LAMA credential presented");
    const principal = this.verifier.verifyToken(token);
    const proof = header(call.metadata, PROOF_HEADER);
    if (!proof)
      throw new CredentialError("no proof of possession presented with the credential");
    const server = header(call.metadata, AUDIENCE_HEADER) ?? "";
    if (server !== this.o.serverName && !(server === ANY_SERVER && this.anyServer.has(method))) {
      throw new CredentialError(`call meant for '${server}' reached '${this.o.serverName}'`);
    }
    this.verifier.verifyCallProof(principal, proof, { server, method: call.getPath(), request: digestOf(call.request) });
    return principal;
  }
  /** Throws when a principal admitted earlier has since expired or been revoked (per message on streams). */
  recheck(p) {
    this.verifier.checkValidity(p);
  }
  /** A unary handler: fn may answer at once or with a promise. */
  unary(method, fn) {
    return (call, callback) => {
      let res;
      try {
        res = fn(this.check(method, call), call.request);
      } catch (err) {
        callback(toServiceError(err));
        return;
      }
      if (res instanceof Promise)
        res.then((v) => callback(null, v), (err) => callback(toServiceError(err)));
      else
        callback(null, res);
    };
  }
  /** A server- or bidi-streaming handler; it ends with UNAUTHENTICATED when its credential expires or is revoked. */
  stream(method, fn) {
    return (call) => {
      let p;
      let uncount;
      try {
        p = this.check(method, call);
        uncount = this.admit(p, call.getPeer());
      } catch (err) {
        call.emit("error", toServiceError(err));
        return;
      }
      this.track(p, call, uncount);
      try {
        fn(p, call);
      } catch (err) {
        call.emit("error", toServiceError(err));
      }
    };
  }
  // Counts an open stream against its credential and its connection (refusing past the
  // limits); returns what takes it off the counts again.
  admit(p, peer) {
    const byCredential = this.perCredential.get(p.serial) ?? 0;
    const byConnection = this.perConnection.get(peer) ?? 0;
    if (byCredential >= this.limits.perCredential) {
      throw new LimitError(`credential '${p.name}' already has ${byCredential} open streams on this server; the limit is ${this.limits.perCredential}`);
    }
    if (byConnection >= this.limits.perConnection)
      throw new LimitError(`connection ${peer} already has ${byConnection} open streams; the limit is ${this.limits.perConnection}`);
    this.perCredential.set(p.serial, byCredential + 1);
    this.perConnection.set(peer, byConnection + 1);
    return () => {
      decrement(this.perCredential, p.serial);
      decrement(this.perConnection, peer);
    };
  }
  // Follows an admitted stream until it ends: closes it at notAfter or on revocation, and
  // releases its counts, timer and entry exactly once whichever way it ends.
  track(principal, call, uncount) {
    let timer;
    let released = false;
    const entry = {
      principal,
      end: (err) => {
        release();
        this.o.onRejected?.(call.getPath(), err);
        call.emit("error", toServiceError(err));
      }
    };
    const clock = this.verifier.clock;
    const arm = () => {
      const left = principal.notAfter - clock.now();
      timer = left > MAX_TIMER_MS ? clock.setTimer(arm, MAX_TIMER_MS) : clock.setTimer(() => entry.end(new CredentialError(`credential '${principal.name}' expired at ${new Date(principal.notAfter).toISOString()}`)), left + 1);
    };
    const release = () => {
      if (released)
        return;
      released = true;
      timer?.cancel();
      this.open.delete(entry);
      uncount();
    };
    this.open.add(entry);
    arm();
    for (const e of ["close", "cancelled", "error", "finish"])
      call.on(e, release);
  }
};
function decrement(map, key) {
  const n = (map.get(key) ?? 1) - 1;
  if (n <= 0)
    map.delete(key);
  else
    map.set(key, n);
}
function metadataBytes(md) {
  let n = 0;
  for (const [k, v] of Object.entries(md.getMap()))
    n += k.length + (typeof v === "string" ? v.length : v.byteLength);
  return n;
}

// packages/lookup/dist/src/server/registrar-service.js
function toWire(e) {
  return {
    kind: e.kind,
    sequence: e.sequence,
    revision: e.revision,
    registrarId: e.registrarId,
    transition: e.transition ?? "TRANSITION_UNSPECIFIED",
    serviceId: e.serviceId ?? "",
    item: e.item ?? null,
    reason: e.reason ?? "REASON_UNSPECIFIED",
    leaseRemainingMs: e.leaseRemainingMs
  };
}
function revocationsAnswer(set, haveVersion) {
  const signed = set.signed;
  if (!signed || set.version <= haveVersion)
    return { version: set.version, list: "", signature: "" };
  return { version: set.version, list: signed.list, signature: signed.signature };
}
function renewResult(leaseId, fn) {
  try {
    return { leaseId, durationMs: fn(), code: grpc2.status.OK, message: "" };
  } catch (err) {
    const s = toServiceError(err);
    return { leaseId, durationMs: 0, code: s.code, message: s.details, errorCode: err instanceof LamaError ? err.code : "" };
  }
}
var OWNER = ["agent", "lookup"];
var REGISTRAR_ROLES = {
  Register: OWNER,
  Renew: OWNER,
  RenewBatch: OWNER,
  KeepAlive: OWNER,
  Cancel: OWNER,
  AddAttributes: OWNER,
  SetAttributes: OWNER,
  ModifyAttributes: OWNER,
  Lookup: [],
  Watch: [],
  Discover: [],
  Revocations: [],
  PublishRevocations: ["controller"]
};
function registrarHandlers(registrar, verifier, hooks) {
  const guard = new AuthGuard(REGISTRAR_ROLES, verifier, { serverName: hooks.serverName, onRejected: hooks.onRejected, anyServer: ["Discover"] });
  return {
    Register: guard.unary("Register", (p, req) => {
      const { serviceId, lease } = registrar.register(p, req.item, req.leaseMs);
      return { serviceId, lease: { leaseId: lease.leaseId, durationMs: lease.durationMs } };
    }),
    Renew: guard.unary("Renew", (p, req) => ({ durationMs: registrar.renew(p, req.leaseId, req.durationMs) })),
    RenewBatch: guard.unary("RenewBatch", (p, req) => ({
      results: req.renewals.map((r) => renewResult(r.leaseId, () => registrar.renew(p, r.leaseId, r.durationMs)))
    })),
    Cancel: guard.unary("Cancel", (p, req) => {
      registrar.cancel(p, req.leaseId);
      return {};
    }),
    Lookup: guard.unary("Lookup", (_p, req) => {
      return registrar.lookupWithLeases(normalizeTemplate(req.template), req.maxMatches);
    }),
    AddAttributes: guard.unary("AddAttributes", (p, req) => ({ item: registrar.addAttributes(p, req.serviceId, req.attributes) })),
    SetAttributes: guard.unary("SetAttributes", (p, req) => ({ item: registrar.setAttributes(p, req.serviceId, req.attributes) })),
    ModifyAttributes: guard.unary("ModifyAttributes", (p, req) => ({
      item: registrar.modifyAttributes(p, req.serviceId, req.templates, req.changes)
    })),
    Discover: guard.unary("Discover", (_p, req) => {
      if (!/^[A-Za-z0-9_-]{16,64}$/.test(req.nonce))
        throw new InvalidArgumentError("nonce must be 16-64 base64url characters");
      if (!hooks.discover)
        throw new InvalidArgumentError("this registrar does not answer Discover");
      return { fields: hooks.discover(req.nonce) };
    }),
    Revocations: guard.unary("Revocations", (_p, req) => revocationsAnswer(verifier.revocations, req.haveVersion)),
    PublishRevocations: guard.unary("PublishRevocations", (_p, req) => {
      const signed = { type: "lama-revocations", list: req.list, signature: req.signature };
      if (verifier.revocations.update(signed))
        hooks.onRevocations?.(signed);
      return revocationsAnswer(verifier.revocations, 0);
    }),
    KeepAlive: guard.stream("KeepAlive", (p, call) => {
      call.on("data", (req) => {
        try {
          guard.recheck(p);
        } catch (err) {
          call.emit("error", toServiceError(err));
          return;
        }
        call.write(renewResult(req.leaseId, () => registrar.renew(p, req.leaseId, req.durationMs)));
      });
      call.on("end", () => call.end());
      call.on("error", () => void 0);
    }),
    Watch: guard.stream("Watch", (_p, call) => {
      const req = call.request;
      const transitions = req.transitions.filter((t) => TRANSITIONS.includes(t));
      const session = new WatchSession(registrar, { write: (e) => call.write(toWire(e)) }, {
        template: normalizeTemplate(req.template),
        transitions,
        resume: req.resumeRegistrarId ? { registrarId: req.resumeRegistrarId, revision: req.resumeAfterRevision } : void 0,
        leaseRenewals: req.leaseRenewals
      });
      call.on("drain", () => session.drained());
      call.on("cancelled", () => session.close());
      call.on("close", () => session.close());
      call.on("error", () => session.close());
      session.start();
    })
  };
}

// packages/lookup/dist/src/server/revocation-file.js
import { existsSync, readFileSync, renameSync, unwatchFile, watchFile, writeFileSync } from "node:fs";
var REVOCATION_FILE_POLL_MS = 1e3;
var RevocationFile = class {
  path;
  set;
  /** The last error reading the file (a bad or foreign list), for logs and tests. */
  lastError;
  constructor(path, set) {
    this.path = path;
    this.set = set;
  }
  /** Loads the file if present and follows its changes. */
  start() {
    this.load();
    watchFile(this.path, { interval: REVOCATION_FILE_POLL_MS, persistent: false }, () => this.load());
  }
  stop() {
    unwatchFile(this.path);
  }
  /** Persists a list this lookup service took from a controller (atomically). */
  write(signed) {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(signed, null, 2) + "\n", { mode: 420 });
    renameSync(tmp, this.path);
  }
  load() {
    if (!existsSync(this.path))
      return;
    try {
      this.set.update(JSON.parse(readFileSync(this.path, "utf8")));
      this.lastError = void 0;
    } catch (err) {
      this.lastError = err instanceof CredentialError ? new CredentialError(`${this.path}: ${err.message}`) : err;
    }
  }
};

// packages/lookup/dist/src/server/lookup-server.js
var REGISTRAR_SERVICE = "lama.lookup.v1.Registrar";
var LookupServer = class extends EventEmitter2 {
  options;
  registrar;
  verifier;
  server;
  starting;
  boundEndpoint;
  announcer;
  revocationFile;
  clock;
  groups;
  constructor(options) {
    super();
    this.options = options;
    const clock = options.clock ?? systemClock;
    this.clock = clock;
    this.groups = (options.groups?.length ? options.groups : ["default"]).map(checkGroup);
    this.verifier = new CredentialVerifier(options.credential.poolPublicKey, clock);
    requireRole(this.verifier.verifyToken(options.credential.token), "lookup");
    this.registrar = new Registrar({ clock, maxLeaseMs: options.maxLeaseMs, maxItemsPerOwner: options.maxItemsPerOwner, maxBytesPerOwner: options.maxBytesPerOwner });
    this.registrar.changes.subscribe((c) => this.emit("change", c));
    this.verifier.revocations.on("revoked", (serials) => this.emit("revocations", this.verifier.revocations.version, serials));
  }
  /** The lookup service's own service ID (stable for one credential and endpoint), after start(). */
  get serviceId() {
    return lookupServiceId(this.options.credential.certificate.serial, this.endpoint);
  }
  /** Discovery counters (queries answered, rejections by reason), after start(). */
  get discoveryStats() {
    return this.announcer?.stats;
  }
  /** HOST:PORT actually bound, after start(). */
  get endpoint() {
    if (!this.boundEndpoint)
      throw new NotStartedError("lookup server not started");
    return this.boundEndpoint;
  }
  /** Binds, serves and announces; the bound HOST:PORT is then `endpoint`. A second call does nothing. */
  start() {
    this.starting ??= this.serve();
    return this.starting;
  }
  async serve() {
    const { definition, grpcObject } = lookupPackage();
    const registrar = {
      name: REGISTRAR_SERVICE,
      definition: fastRegistrarDefinition(grpcObject.lama.lookup.v1.Registrar.service),
      handlers: registrarHandlers(this.registrar, this.verifier, {
        serverName: this.options.credential.certificate.name,
        onRejected: (method, err) => this.emit("rejected", method, err),
        onRevocations: (signed) => this.revocationFile?.write(signed),
        discover: (nonce) => {
          if (!this.announcer)
            throw new NotStartedError("lookup server not started");
          return this.announcer.fields("answer", nonce);
        }
      })
    };
    if (this.options.revocationsFile) {
      this.revocationFile = new RevocationFile(this.options.revocationsFile, this.verifier.revocations);
      this.revocationFile.start();
    }
    const server = new RpcServer({
      transport: this.options.transport,
      credential: this.options.credential,
      listen: this.options.listen,
      services: [registrar, ...this.options.services ?? []],
      reflection: [definition],
      serverOptions: { "grpc.max_concurrent_streams": 1e5 },
      advertiseHost: this.options.advertiseHost,
      mdnsInterface: this.options.mdns ? this.options.mdns.interface : void 0
    });
    this.server = server;
    this.boundEndpoint = await server.start();
    const credential = this.options.credential;
    this.announcer = new LookupAnnouncer({
      credential,
      verifier: this.verifier,
      mdns: this.options.mdns ?? false,
      groups: this.groups,
      endpoint: this.boundEndpoint,
      serviceId: lookupServiceId(credential.certificate.serial, this.boundEndpoint),
      bootId: this.registrar.registrarId,
      announceIntervalMs: this.options.announceIntervalMs ?? DEFAULT_ANNOUNCE_INTERVAL_MS,
      clock: this.clock
    });
    this.announcer.on("rejected", (reason, message, from) => this.emit("discoveryRejected", reason, message, from));
    await this.announcer.start();
  }
  /** Stops serving; open streams are closed after a grace period of graceMs. */
  async stop(graceMs = 2e3) {
    this.revocationFile?.stop();
    await this.announcer?.stop();
    this.announcer = void 0;
    this.registrar.close();
    await this.server?.stop(graceMs);
  }
};

// packages/lookup/dist/src/files/durable-file.js
import { closeSync, fsyncSync, openSync, renameSync as renameSync2, rmSync, writeFileSync as writeFileSync2 } from "node:fs";
import { dirname } from "node:path";
function writeFileDurably(path, text) {
  const tmp = `${path}.tmp`;
  try {
    writeFileSync2(tmp, text);
    const fd = openSync(tmp, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync2(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  const dir = openSync(dirname(path), "r");
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

// packages/lookup/dist/src/vocabulary/members.js
var WEIGHT = "(?:100|[1-9]?\\d)";
var MEMBER = new RegExp(`^(${IPV4_SOURCE}|${IPV6_SOURCE}):(${PORT_SOURCE})(?:=(${WEIGHT}))?$`);
function parseMember(text) {
  const m = MEMBER.exec(text);
  if (!m)
    return void 0;
  return { host: m[1], port: Number(m[2]), weight: m[3] === void 0 ? 1 : Number(m[3]), address: `${m[1]}:${m[2]}` };
}
function itemsOf(text) {
  const t = text.trim();
  if (!t.startsWith("["))
    return t.split(",").map((p) => p.trim()).filter(Boolean);
  let items;
  try {
    items = JSON.parse(t);
  } catch {
    items = void 0;
  }
  if (!Array.isArray(items) || !items.every((i) => typeof i === "string"))
    throw new InvalidArgumentError(`members ${t} is not a JSON array of strings`);
  return items;
}
function parseMembers(list) {
  const out = [];
  for (const t of typeof list === "string" ? itemsOf(list) : list ?? []) {
    const m = parseMember(t);
    if (!m)
      throw new InvalidArgumentError(`'${t}' is not IP:PORT[=WEIGHT]`);
    if (out.some((o) => o.address === m.address))
      throw new InvalidArgumentError(`${m.address} is listed twice`);
    out.push(m);
  }
  return out;
}
function formatMembers(members) {
  return [...members].map((m) => m.weight === 1 ? m.address : `${m.address}=${m.weight}`).join(",");
}

// packages/lookup/dist/src/join/lookup-cache.js
import { EventEmitter as EventEmitter3 } from "node:events";
var LookupCache = class extends EventEmitter3 {
  o;
  feeds = /* @__PURE__ */ new Map();
  merged = /* @__PURE__ */ new Map();
  subject = new Subject();
  clock;
  subscription;
  stopped = false;
  constructor(o) {
    super();
    this.o = o;
    this.clock = o.clock ?? systemClock;
  }
  /** Added / changed / removed, as they happen. */
  get events() {
    return this.subject.asObservable();
  }
  /** Everything in the merged view now. */
  get items() {
    return [...this.merged.entries()].map(([, byLookup]) => ({ item: [...byLookup.values()][0], lookups: [...byLookup.keys()] }));
  }
  /** The item with this service ID, if any lookup service holds it. */
  get(serviceId) {
    const byLookup = this.merged.get(serviceId);
    return byLookup && { item: [...byLookup.values()][0], lookups: [...byLookup.keys()] };
  }
  /** The item's lease: the latest expiry over the lookup services holding it (the item stays until the last one ends). */
  lease(serviceId) {
    let best;
    for (const f of this.feeds.values()) {
      const l = f.leases.get(serviceId);
      if (l && (!best || l.expiresAt > best.expiresAt))
        best = l;
    }
    return best;
  }
  /** True once every known lookup service's feed has delivered its snapshot. */
  get synced() {
    return [...this.feeds.values()].every((f) => f.snapshot === void 0 && f.lastSequence > 0);
  }
  /** Follows discovery: opens a feed to every lookup service it reports. */
  async start() {
    if (this.subscription || this.stopped)
      return;
    this.subscription = this.o.discovery.events.subscribe((e) => {
      if (e.type === "discovered")
        this.addFeed(e.lookup);
      else if (e.type === "restarted") {
        this.removeFeed(e.lookup.serviceId, void 0);
        this.addFeed(e.lookup);
      } else
        this.removeFeed(e.lookup.serviceId, void 0);
    });
  }
  /** Closes every feed and completes events; a stopped cache does not start again. */
  async stop() {
    if (this.stopped)
      return;
    this.stopped = true;
    this.subscription?.unsubscribe();
    for (const f of this.feeds.values()) {
      f.timer?.cancel();
      f.subscription?.unsubscribe();
      f.client.close();
    }
    this.feeds.clear();
    this.subject.complete();
  }
  addFeed(lookup) {
    if (this.feeds.has(lookup.serviceId))
      return;
    const client = this.o.clientFactory?.(lookup.endpoint) ?? new RegistrarClient({ endpoint: lookup.endpoint, expect: { name: lookup.name }, credential: this.o.credential, clock: this.o.clock });
    const feed = { lookup, client, items: /* @__PURE__ */ new Map(), leases: /* @__PURE__ */ new Map(), lastSequence: 0, retryMs: 250 };
    this.feeds.set(lookup.serviceId, feed);
    this.open(feed);
  }
  removeFeed(lookupId, reason) {
    const feed = this.feeds.get(lookupId);
    if (!feed)
      return;
    this.feeds.delete(lookupId);
    feed.timer?.cancel();
    feed.subscription?.unsubscribe();
    feed.client.close();
    for (const id of feed.items.keys())
      this.drop(lookupId, id, reason);
  }
  open(feed) {
    feed.lastSequence = 0;
    feed.snapshot = feed.resume ? void 0 : /* @__PURE__ */ new Map();
    feed.subscription = feed.client.watch(this.o.template ?? {}, { resume: feed.resume, leaseRenewals: this.o.leaseRenewals }).subscribe({
      next: (e) => this.onEvent(feed, e),
      error: (err) => this.reconnect(feed, err),
      complete: () => this.reconnect(feed, new Error("watch stream ended"))
    });
  }
  reconnect(feed, err) {
    if (this.feeds.get(feed.lookup.serviceId) !== feed)
      return;
    this.emit("feedError", feed.lookup, err);
    feed.subscription?.unsubscribe();
    feed.timer = this.clock.setTimer(() => {
      if (this.feeds.get(feed.lookup.serviceId) === feed)
        this.open(feed);
    }, jitter(feed.retryMs));
    feed.retryMs = Math.min(feed.retryMs * 2, 5e3);
  }
  resync(feed) {
    feed.subscription?.unsubscribe();
    feed.resume = void 0;
    this.open(feed);
  }
  onEvent(feed, e) {
    if (e.sequence !== feed.lastSequence + 1)
      return this.resync(feed);
    feed.lastSequence = e.sequence;
    feed.retryMs = 250;
    feed.resume = { registrarId: e.registrarId, revision: e.revision };
    switch (e.kind) {
      case "SNAPSHOT_ITEM":
        (feed.snapshot ??= /* @__PURE__ */ new Map()).set(e.serviceId, e.item);
        this.leaseSeen(feed, e.serviceId, e.leaseRemainingMs, false);
        break;
      case "LEASE_RENEWED":
        this.leaseSeen(feed, e.serviceId, e.leaseRemainingMs, true);
        break;
      case "RESYNC":
        feed.snapshot = /* @__PURE__ */ new Map();
        break;
      case "SYNCED":
        if (feed.snapshot) {
          const snap = feed.snapshot;
          feed.snapshot = void 0;
          for (const id of [...feed.items.keys()])
            if (!snap.has(id))
              this.drop(feed.lookup.serviceId, id, void 0, feed);
          for (const [id, item] of snap)
            this.put(feed, id, item);
        }
        break;
      case "TRANSITION":
        if (e.transition === "MATCH_NOMATCH") {
          this.drop(feed.lookup.serviceId, e.serviceId, e.reason === "REASON_UNSPECIFIED" ? void 0 : e.reason, feed);
        } else if (e.item) {
          this.leaseSeen(feed, e.serviceId, e.leaseRemainingMs, false);
          this.put(feed, e.serviceId, e.item);
        }
        break;
      default:
        break;
    }
  }
  // A renewal grants a whole lease; a snapshot or a change says only what remains of it.
  leaseSeen(feed, id, remainingMs, granted) {
    const leaseMs = granted ? remainingMs : Math.max(remainingMs, feed.leases.get(id)?.leaseMs ?? 0);
    feed.leases.set(id, { expiresAt: this.clock.now() + remainingMs, leaseMs });
  }
  put(feed, id, item) {
    feed.items.set(id, item);
    let byLookup = this.merged.get(id);
    const lookupId = feed.lookup.serviceId;
    if (!byLookup) {
      byLookup = /* @__PURE__ */ new Map([[lookupId, item]]);
      this.merged.set(id, byLookup);
      this.subject.next({ type: "added", item, lookups: [lookupId] });
      return;
    }
    const previous = [...byLookup.values()][0];
    byLookup.set(lookupId, item);
    if (JSON.stringify(previous) !== JSON.stringify(item))
      this.subject.next({ type: "changed", item, previous, lookups: [...byLookup.keys()] });
  }
  drop(lookupId, id, reason, feed) {
    feed?.items.delete(id);
    (feed ?? this.feeds.get(lookupId))?.leases.delete(id);
    const byLookup = this.merged.get(id);
    if (!byLookup)
      return;
    const item = byLookup.get(lookupId);
    byLookup.delete(lookupId);
    if (byLookup.size === 0 && item) {
      this.merged.delete(id);
      this.subject.next({ type: "removed", item, reason });
    }
  }
};

export {
  delay,
  every,
  writeFileDurably,
  MEMBER,
  parseMembers,
  formatMembers,
  MOUNT,
  RELAY_FROM,
  parseRelayFrom,
  RpcServer,
  AuthGuard,
  LookupServer,
  LookupCache
};
/*! Bundled license information:

@grpc/proto-loader/build/src/util.js:
@grpc/proto-loader/build/src/index.js:
@grpc/proto-loader/build/src/util.js:
@grpc/proto-loader/build/src/index.js:
  (**
   * @license
   * Copyright 2018 gRPC authors.
   *
   * Licensed under the Apache License, Version 2.0 (the "License");
   * you may not use this file except in compliance with the License.
   * You may obtain a copy of the License at
   *
   *     http://www.apache.org/licenses/LICENSE-2.0
   *
   * Unless required by applicable law or agreed to in writing, software
   * distributed under the License is distributed on an "AS IS" BASIS,
   * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
   * See the License for the specific language governing permissions and
   * limitations under the License.
   *
   *)
*/
